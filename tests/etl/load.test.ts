import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { SUMMARY_DAYS, SUMMARY_TOP_CLIENTS } from '../../src/etl/sales-summary.ts';
import { describe, expect, it } from 'vitest';
import { generateData } from '../../src/datagen/generate.ts';
import { PendingMigrationsError, runLoad } from '../../src/etl/load.ts';
import { quarantinedRowValues } from '../../src/etl/replay-rejection.ts';
import { listForeignKeys, listIndexes } from '../../src/db/engine.ts';
import { migrateDown } from '../../src/db/migrator.ts';
import type { Database } from '../../src/db/tables.ts';
import { unitsByCategory } from '../../src/queries/sales-summary.ts';
import type { ProcessCheck } from '../../src/process/liveness.ts';
import { runValidation } from '../../src/validation/run-validation.ts';
import { dataSnapshot, migratedDatabases, rowCount } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  interface Manifest {
    asOf: string;
    files: Record<string, unknown>;
    categorySummary: Record<string, number>;
  }

  function readManifest(dir: string): Manifest {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  }

  function expectedQuarantine(dir: string): string[] {
    return readFileSync(join(dir, 'expected-quarantine.csv'), 'utf8').trim().split('\n').slice(1).sort();
  }

  async function generated(options: { sales: number; inventory?: number; seed: number }): Promise<string> {
    const out = newDir();
    await generateData({ ...options, out });
    return out;
  }

  describe('the load against the generator manifest', () => {
    const cases = [
      { name: 'the bundled data set', dir: async () => 'data' },
      { name: 'a small set (seed 7, 300 sales)', dir: () => generated({ sales: 300, inventory: 200, seed: 7 }) },
      { name: 'a mid-size set (seed 1234, 20,000 sales)', dir: () => generated({ sales: 20_000, inventory: 3_000, seed: 1234 }) },
    ];

    it.each(cases)('reports exactly the manifest for $name', async ({ dir }) => {
      const dataDir = await dir();
      const manifest = readManifest(dataDir);
      const { db } = await newDb();
      const result = await runLoad(db, { dataDir, asOf: manifest.asOf });
      expect(result.status).toBe('ok');
      if (result.status !== 'ok') return;
      expect(result.files).toEqual(manifest.files);
      expect(await unitsByCategory(db)).toEqual(manifest.categorySummary);

      const quarantined = await db.selectFrom('cuarentena').select(['archivo', 'linea', 'razon']).execute();
      expect(quarantined.map((q) => `${q.archivo},${q.linea},${q.razon}`).sort()).toEqual(expectedQuarantine(dataDir));
    });
  });

  describe('the load', () => {
    it('keeps the raw line, field and message of each quarantined row', async () => {
      const { db } = await newDb();
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      const rows = await db.selectFrom('cuarentena').selectAll().where('archivo', '=', 'ventas.csv').orderBy('linea').execute();
      const lines = readFileSync('data/ventas.csv', 'utf8').split('\n');
      const single = rows.filter((r) => !r.contenido.includes('\n'));
      expect(single.length).toBeGreaterThan(0);
      for (const r of single) expect(r.contenido).toBe(lines[r.linea - 1]);
      expect(rows.every((r) => r.mensaje.length > 0)).toBe(true);
      expect(rows.filter((r) => r.razon !== 'malformed_row').every((r) => r.campo !== null)).toBe(true);
    });

    it("writes only references that hold, with SQLite's per-row foreign-key lookups off, and turns them back on", async () => {
      const dataDir = await generated({ sales: 5_000, inventory: 1_000, seed: 99 });
      const { db } = await newDb();
      expect((await runLoad(db, { dataDir, asOf: '2025-01-01' })).status).toBe('ok');
      // A failed load (a missing file) restores the setting as well.
      expect((await runLoad(db, { dataDir: newDir(), asOf: '2025-01-01' })).status).toBe('error');
      if (dialect !== 'sqlite') return;
      expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
      expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]!.foreign_keys).toBe(1);
      expect(await rowCount(db, 'ventas')).toBeGreaterThan(4_000);
    });

    it('tallies the quarantine per file and reason, equal to the quarantined rows it wrote', async () => {
      const dataDir = await generated({ sales: 5_000, inventory: 1_000, seed: 99 });
      const { db } = await newDb();
      const result = await runLoad(db, { dataDir, asOf: '2025-01-01' });
      if (result.status !== 'ok') throw new Error(result.status);
      const rows = await db.selectFrom('cuarentena').selectAll().execute();
      const readings = await db.selectFrom('carga_archivos').selectAll().where('carga_id', '=', result.loadId).execute();
      const expected = new Map<string, { filas: number; unidades: number | null; ingresos: number | null; productos: Set<number> }>();
      for (const r of rows) {
        const key = `${r.archivo}|${r.razon}`;
        const e = expected.get(key) ?? { filas: 0, unidades: null, ingresos: null, productos: new Set<number>() };
        e.filas++;
        const reading = readings.find((f) => `${f.archivo}.csv` === r.archivo);
        const v = (quarantinedRowValues(r, reading) ?? {}) as { cantidad?: number; precio_unitario?: number; producto_id?: number };
        if (typeof v.cantidad === 'number' && typeof v.precio_unitario === 'number') {
          e.unidades = (e.unidades ?? 0) + v.cantidad;
          e.ingresos = (e.ingresos ?? 0) + v.cantidad * v.precio_unitario;
        }
        if (r.razon === 'unknown_product' && typeof v.producto_id === 'number') e.productos.add(v.producto_id);
        expected.set(key, e);
      }
      const tallies = await db.selectFrom('cuarentena_resumen').selectAll().where('carga_id', '=', result.loadId).execute();
      expect(tallies.map((t) => `${t.archivo}|${t.razon}`).sort()).toEqual([...expected.keys()].sort());
      expect(expected.has('ventas.csv|unknown_product')).toBe(true);
      for (const t of tallies) {
        const e = expected.get(`${t.archivo}|${t.razon}`)!;
        expect(Number(t.filas)).toBe(e.filas);
        expect(t.unidades === null ? null : Number(t.unidades)).toBe(e.unidades);
        expect(t.ingresos === null ? null : Number(t.ingresos)).toBeCloseTo(e.ingresos ?? 0, 2);
        if (t.razon === 'unknown_product') {
          const ids = [...e.productos].sort((a, b) => a - b);
          expect(JSON.parse(t.productos!)).toEqual(ids.slice(0, 100));
          expect(Number(t.productos_distintos)).toBe(ids.length);
        } else {
          expect(t.productos).toBeNull();
        }
      }
    });

    it('enriches sales with the client city, and unknown clients with ciudad_desconocida', async () => {
      const { db } = await newDb();
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      const mismatched = await db
        .selectFrom('ventas as v')
        .innerJoin('clientes as c', 'c.cliente_id', 'v.cliente_id')
        .select('v.venta_id')
        .whereRef('v.ciudad_id', '!=', 'c.ciudad_id')
        .execute();
      expect(mismatched).toEqual([]);
      const unknown = await db
        .selectFrom('ventas as v')
        .innerJoin('ciudades as ci', 'ci.id', 'v.ciudad_id')
        .leftJoin('clientes as c', 'c.cliente_id', 'v.cliente_id')
        .select(({ fn }) => [fn.countAll<number>().as('n'), fn.min('ci.nombre').as('ciudad')])
        .where('c.cliente_id', 'is', null)
        .executeTakeFirstOrThrow();
      expect(unknown.ciudad).toBe('ciudad_desconocida');
      expect(unknown.n).toBe((readManifest('data').files.ventas as { findings: { unknown_client: number } }).findings.unknown_client);
    });

    it('writes summaries by category, city, month, (the latest 366) day, product and (the top) client equal to aggregates over the loaded sales', async () => {
      const { db } = await newDb();
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      const stored = await db
        .selectFrom('resumen_ventas')
        .select(['dimension', 'clave', 'unidades', 'ingresos', 'ventas', 'orden'])
        .execute();
      const aggregate = async (dimension: string, key: string, join: 'categoria' | 'ciudad' | 'mes' | 'dia' | 'producto' | 'cliente') => {
        const base = db
          .selectFrom('ventas as v')
          .innerJoin('productos as p', 'p.producto_id', 'v.producto_id')
          .innerJoin('categorias as c', 'c.id', 'p.categoria_id')
          .innerJoin('ciudades as ci', 'ci.id', 'v.ciudad_id');
        const keyExpr =
          join === 'categoria'
            ? sql<string>`c.nombre`
            : join === 'ciudad'
              ? sql<string>`ci.nombre`
              : join === 'mes'
                ? sql<string>`substr(v.fecha, 1, 7)`
                : join === 'dia'
                  ? sql<string>`v.fecha`
                  : sql<string>`cast(${sql.ref(join === 'producto' ? 'v.producto_id' : 'v.cliente_id')} as text)`;
        const rows = await base
          .select([
            keyExpr.as('clave'),
            sql<number>`sum(v.cantidad)`.as('unidades'),
            sql<number>`sum(v.cantidad * v.precio_unitario)`.as('ingresos'),
            sql<number>`count(*)`.as('ventas'),
          ])
          .groupBy(keyExpr)
          .execute();
        return rows.map((r) => ({
          dimension,
          clave: r.clave,
          unidades: Number(r.unidades),
          ingresos: Math.round(Number(r.ingresos) * 100) / 100,
          ventas: Number(r.ventas),
        }));
      };
      const expected = [
        ...(await aggregate('categoria', 'c', 'categoria')),
        ...(await aggregate('ciudad', 'ci', 'ciudad')),
        ...(await aggregate('mes', 'm', 'mes')),
        ...(await aggregate('dia', 'd', 'dia')).sort((a, b) => b.clave.localeCompare(a.clave)).slice(0, SUMMARY_DAYS),
        ...(await aggregate('producto', 'p', 'producto')),
        ...(await aggregate('cliente', 'cl', 'cliente'))
          .sort((a, b) => b.ingresos - a.ingresos || Number(a.clave) - Number(b.clave))
          .slice(0, SUMMARY_TOP_CLIENTS),
      ];
      expect(stored.filter((r) => r.dimension === 'dia')).toHaveLength(SUMMARY_DAYS);
      // Clients are ranked by revenue: orden 1 is the largest client.
      const clients = stored.filter((r) => r.dimension === 'cliente').sort((a, b) => a.orden - b.orden);
      expect(clients.length).toBeGreaterThan(10);
      expect(clients.map((c) => c.orden)).toEqual(clients.map((_, i) => i + 1));
      for (let i = 1; i < clients.length; i++) expect(Number(clients[i]!.ingresos)).toBeLessThanOrEqual(Number(clients[i - 1]!.ingresos));
      const sortKey = (r: { dimension: string; clave: string }) => `${r.dimension}|${r.clave}`;
      const close = (rows: typeof expected) =>
        rows.map((r) => ({ ...r, ingresos: Math.round(r.ingresos) })).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      expect(close(stored.map(({ orden: _, ...r }) => ({ ...r, unidades: Number(r.unidades), ventas: Number(r.ventas) })))).toEqual(
        close(expected),
      );
    });

    it('writes a stock summary per warehouse spelling equal to grouping the loaded stock rows', async () => {
      const dataDir = await generated({ sales: 500, inventory: 4_000, seed: 11 });
      const { db } = await newDb();
      const load = await runLoad(db, { dataDir, asOf: readManifest(dataDir).asOf });
      expect(load.status).toBe('ok');
      const stored = await db.selectFrom('resumen_inventario').select(['almacen', 'filas', 'desde', 'hasta']).orderBy('almacen').execute();
      const grouped = await db
        .selectFrom('inventario')
        .select(['almacen', sql<number>`count(*)`.as('filas'), sql<string>`min(fecha)`.as('desde'), sql<string>`max(fecha)`.as('hasta')])
        .groupBy('almacen')
        .orderBy('almacen')
        .execute();
      expect(grouped.length).toBeGreaterThanOrEqual(3);
      expect(stored.map((r) => ({ ...r, filas: Number(r.filas) }))).toEqual(grouped.map((r) => ({ ...r, filas: Number(r.filas) })));
    });

    it("summarizes each loaded numeric column as the database's own aggregates over it do", async () => {
      const dataDir = await generated({ sales: 2_000, inventory: 3_000, seed: 12 });
      const { db } = await newDb();
      const load = await runLoad(db, { dataDir, asOf: readManifest(dataDir).asOf });
      expect(load.status).toBe('ok');
      const stored = await db.selectFrom('resumen_columnas').selectAll().orderBy('tabla').orderBy('columna').execute();
      expect(stored.map((r) => `${r.tabla}.${r.columna}`)).toEqual(['inventario.stock', 'ventas.cantidad', 'ventas.precio_unitario']);
      for (const r of stored) {
        expect(r.carga_id).toBe(load.loadId);
        const col = sql.ref(r.columna);
        const { rows } = await sql<{ filas: number; distintos: number; minimo: number; maximo: number; suma: number }>`
          select count(*) as filas, count(distinct ${col}) as distintos, min(${col}) as minimo, max(${col}) as maximo, sum(${col}) as suma
          from ${sql.table(r.tabla)}`.execute(db);
        const sqlSays = rows[0]!;
        expect(Number(sqlSays.distintos)).toBeGreaterThan(5);
        expect({ ...r, suma: Number(r.suma).toFixed(6) }).toEqual({
          ...r,
          filas: Number(sqlSays.filas),
          distintos: Number(sqlSays.distintos),
          minimo: Number(sqlSays.minimo),
          maximo: Number(sqlSays.maximo),
          suma: Number(sqlSays.suma).toFixed(6),
        });
      }
    });

    it('leaves every index and foreign key of the schema in place, the foreign keys holding', async () => {
      const { db } = await newDb();
      const tables = ['ventas', 'inventario', 'cuarentena', 'productos', 'clientes'];
      const schema = async () => ({
        indexes: await listIndexes(db),
        keys: (await listForeignKeys(db, tables)).map((k) => `${k.table}.${k.column} -> ${k.references}`).sort(),
      });
      const before = await schema();
      expect(before.keys).toContain('ventas.producto_id -> productos.producto_id');
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      expect(await schema()).toEqual(before);
      // The rows the constraints were added back over reference what exists (the load checked them itself).
      const orphans = await sql<{ n: unknown }>`
        select count(*) as n from ventas v left join productos p on p.producto_id = v.producto_id where p.producto_id is null`.execute(db);
      expect(Number(orphans.rows[0]!.n)).toBe(0);
    });

    it('gives the same data when run twice', async () => {
      const { db } = await newDb();
      const first = await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      const before = await dataSnapshot(db);
      const second = await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      expect(await dataSnapshot(db)).toEqual(before);
      expect(second.loadId).not.toBe(first.loadId);
      const loads = await db.selectFrom('cargas').select(['id', 'estado']).orderBy('id').execute();
      expect(loads.map((l) => l.estado)).toEqual(['ok', 'ok']);
      const owners = await db.selectFrom('ventas').select('carga_id').distinct().execute();
      expect(owners).toEqual([{ carga_id: second.loadId }]);
    });

    it('refuses bad input before touching the data tables, and records the attempt', async () => {
      const { db } = await newDb();
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      const before = await dataSnapshot(db);
      const broken = newDir();
      cpSync('data', broken, { recursive: true });
      const ventas = readFileSync(join(broken, 'ventas.csv'), 'utf8');
      writeFileSync(join(broken, 'ventas.csv'), ventas.replace(/cantidad/i, 'unidades'));

      const result = await runLoad(db, { dataDir: broken, asOf: '2025-01-01' });
      expect(result).toMatchObject({ status: 'error', error: { code: 'missing_column', file: 'ventas.csv', field: 'cantidad' } });
      expect(await dataSnapshot(db)).toEqual(before);
      const last = await db.selectFrom('cargas').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(last).toMatchObject({ estado: 'error', error_codigo: 'missing_column', error_archivo: 'ventas.csv' });
    });

    it('names the first broken file in load order when several are broken', async () => {
      const { db } = await newDb();
      const broken = newDir();
      cpSync('data', broken, { recursive: true });
      writeFileSync(join(broken, 'inventario.csv'), '');
      writeFileSync(join(broken, 'clientes.csv'), Buffer.from([0x61, 0x00, 0x62]));
      const result = await runLoad(db, { dataDir: broken, asOf: '2025-01-01' });
      expect(result).toMatchObject({ status: 'error', error: { code: 'unreadable_file', file: 'clientes.csv' } });
    });

    it('rolls back a load that fails midway, leaving the previous load intact', async () => {
      const { db } = await newDb();
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      const before = await dataSnapshot(db);
      const result = await runLoad(db, {
        dataDir: 'data',
        asOf: '2025-01-01',
        onBatch: (file, rows) => {
          if (file === 'ventas' && rows > 1000) throw new Error('disk unplugged');
        },
      });
      expect(result).toMatchObject({ status: 'failed', error: { code: 'load_failed' } });
      expect(result.status === 'failed' && result.error.message).toContain('disk unplugged');
      expect(await dataSnapshot(db)).toEqual(before);
      expect(await listIndexes(db)).toContain('ventas.ventas_fecha_idx');
    });

    it('refuses a database whose migrations are pending', async () => {
      const { db } = await newDb();
      await migrateDown(db);
      await expect(runLoad(db, { dataDir: 'data' })).rejects.toBeInstanceOf(PendingMigrationsError);
    });
  });

  describe('a truncated export', () => {
    function truncated(): string {
      const dir = newDir();
      cpSync('data', dir, { recursive: true });
      writeFileSync(join(dir, 'ventas.csv'), readFileSync('data/ventas.csv', 'utf8').split('\n')[0] + '\n'); // the header only
      return dir;
    }
    const guarded = { asOf: '2025-01-01', minRowShareOfPrevious: 0.5 };

    it('is refused before the commit when a file falls under the share of the previous load, which stays untouched', async () => {
      const { db } = await newDb();
      const good = await runLoad(db, { dataDir: 'data', ...guarded });
      const before = await dataSnapshot(db);
      const result = await runLoad(db, { dataDir: truncated(), ...guarded });
      expect(result).toMatchObject({
        status: 'error',
        error: {
          code: 'row_count_drop',
          file: 'ventas.csv',
          details: { previousLoadId: good.loadId, minRowShareOfPrevious: 0.5, files: [{ file: 'ventas.csv', loaded: 0, previous: 5317 }] },
        },
      });
      const message = result.status === 'error' ? result.error.message : '';
      expect(message).toContain('ventas.csv loaded 0 rows, under 50% of the 5317 loaded by load');
      expect(message).toContain('--allow-drop');
      expect(await dataSnapshot(db)).toEqual(before);
      expect(await db.selectFrom('ventas').select('carga_id').distinct().execute()).toEqual([{ carga_id: good.loadId }]);
      const last = await db.selectFrom('cargas').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(last).toMatchObject({
        id: result.loadId,
        estado: 'error',
        error_codigo: 'row_count_drop',
        error_archivo: 'ventas.csv',
        caida_permitida: 0,
      });
      expect(await db.selectFrom('carga_archivos').select('carga_id').where('carga_id', '=', result.loadId!).execute()).toEqual([]);
    });

    it('is loaded when the drop is allowed, and the load says so', async () => {
      const { db } = await newDb();
      await runLoad(db, { dataDir: 'data', ...guarded });
      const result = await runLoad(db, { dataDir: truncated(), ...guarded, allowDrop: true });
      expect(result.status).toBe('ok');
      expect(await db.selectFrom('ventas').select('venta_id').execute()).toEqual([]);
      expect(
        await db.selectFrom('cargas').select(['estado', 'caida_permitida']).where('id', '=', result.loadId!).executeTakeFirst(),
      ).toEqual({ estado: 'ok', caida_permitida: 1 });
    });

    it('is never refused as the first load of an empty database', async () => {
      const { db } = await newDb();
      expect((await runLoad(db, { dataDir: truncated(), ...guarded })).status).toBe('ok');
    });

    it('compares with the last successful load, not with a refused or failed one', async () => {
      const { db } = await newDb();
      await runLoad(db, { dataDir: 'data', ...guarded });
      await runLoad(db, { dataDir: truncated(), ...guarded }); // refused
      const again = await runLoad(db, { dataDir: truncated(), ...guarded });
      expect(again).toMatchObject({ status: 'error', error: { code: 'row_count_drop' } });
      expect((await runLoad(db, { dataDir: 'data', ...guarded })).status).toBe('ok');
    });
  });

  describe('interrupted loads', () => {
    // This process is pid 100 on host "aqui"; of the others on this host only pid 200 is alive.
    const check: ProcessCheck = { host: 'aqui', pid: 100, isAlive: (pid) => pid === 100 || pid === 200 };
    const leftOpen = (db: Kysely<Database>, host: string, pid: number) =>
      db
        .insertInto('cargas')
        .values({ iniciada_en: '2025-01-01T08:00:00.000Z', fecha_corte: '2025-01-01', estado: 'en_curso', directorio: 'data', host, pid })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const states = async (db: Kysely<Database>) =>
      Object.fromEntries((await db.selectFrom('cargas').select(['id', 'estado']).execute()).map((r) => [r.id, r.estado]));

    it('records who runs the load: host and pid', async () => {
      const { db } = await newDb();
      const { loadId } = await runLoad(db, { dataDir: 'data', asOf: '2025-01-01', processCheck: check });
      expect(await db.selectFrom('cargas').select(['host', 'pid', 'estado']).where('id', '=', loadId!).executeTakeFirst()).toEqual({
        host: 'aqui',
        pid: 100,
        estado: 'ok',
      });
    });

    it('the next load closes a load whose process died on this host, and leaves alone a live one and one of another host', async () => {
      const { db } = await newDb();
      const dead = await leftOpen(db, 'aqui', 300);
      const alive = await leftOpen(db, 'aqui', 200);
      const elsewhere = await leftOpen(db, 'alla', 300);
      // This very pid, but not a load this process runs: a predecessor that died and whose pid came back.
      const predecessor = await leftOpen(db, 'aqui', 100);
      const { loadId } = await runLoad(db, { dataDir: 'data', asOf: '2025-01-01', processCheck: check });
      expect(await states(db)).toEqual({
        [dead]: 'interrumpida',
        [alive]: 'en_curso',
        [elsewhere]: 'en_curso',
        [predecessor]: 'interrumpida',
        [loadId!]: 'ok',
      });
      const closed = await db.selectFrom('cargas').selectAll().where('id', '=', dead).executeTakeFirstOrThrow();
      expect(closed).toMatchObject({ error_codigo: 'interrupted', finalizada_en: expect.any(String) });
      expect(closed.error_mensaje).toContain('pid 300 on aqui');
    });

    it('the next validation closes it too, and its run belongs to the previous good load', async () => {
      const { db } = await newDb();
      const good = await runLoad(db, { dataDir: 'data', asOf: '2025-01-01', processCheck: check });
      const dead = await leftOpen(db, 'aqui', 300);
      const run = await runValidation(db, { asOf: '2025-01-01', origin: 'test', processCheck: check });
      expect(await states(db)).toEqual({ [good.loadId!]: 'ok', [dead]: 'interrumpida' });
      expect(run.loadId).toBe(good.loadId);
    });

    it('closes monitor runs left running by a dead process as interrupted', async () => {
      const { db } = await newDb();
      const run = {
        iniciada_en: '2025-01-01T08:00:00.000Z',
        archivo: 'data/ventas.csv',
        paso: 'load',
        resultado: 'running',
        detalle: null,
      };
      await db
        .insertInto('monitor_ejecuciones')
        .values([
          { ...run, host: 'aqui', pid: 300 },
          { ...run, host: 'alla', pid: 300 },
        ])
        .execute();
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01', processCheck: check });
      const runs = await db.selectFrom('monitor_ejecuciones').select(['host', 'resultado', 'paso', 'detalle']).orderBy('id').execute();
      expect(runs).toEqual([
        { host: 'aqui', resultado: 'interrupted', paso: 'load', detalle: expect.stringContaining('stopped at step load') },
        { host: 'alla', resultado: 'running', paso: 'load', detalle: null },
      ]);
    });
  });
});
