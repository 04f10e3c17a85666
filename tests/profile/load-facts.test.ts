import { describe, expect, it } from 'vitest';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import { sql } from 'kysely';
import { profileColumns, profileFromRow } from '../../src/profile/column-profile.ts';
import { PROFILED_COLUMNS } from '../../src/profile/columns.ts';
import { recordLoadFacts } from '../../src/profile/record-load-facts.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

/** The clean data set's sales, as writeCleanData generates them: the ground truth of the figures below. */
const SALES = Array.from({ length: 20 }, (_, i) => ({
  fecha: `2024-0${(i % 9) + 1}-15`,
  producto_id: (i % 4) + 1,
  cliente_id: (i % 3) + 1,
  cantidad: (i % 3) + 1,
  precio_unitario: 10,
}));
const CATEGORY = { 1: 'Electronicos', 2: 'Ropa', 3: 'Accesorios', 4: 'Almacenamiento' } as Record<number, string>;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  async function loaded() {
    const { db } = await newDb();
    const result = await loadAndValidate(db, { dataDir: writeCleanData(newDir()), asOf: '2024-12-31', origin: 'test' });
    expect(result.load.status).toBe('ok');
    expect(result.facts).toMatchObject({ status: 'ok' });
    return { db, loadId: result.load.loadId! };
  }

  it('stores the metrics of every file and of the sales after a load', async () => {
    const { db, loadId } = await loaded();
    const rows = await db.selectFrom('metricas_carga').selectAll().where('carga_id', '=', loadId).execute();
    const value = (archivo: string, metrica: string, clave = '') =>
      rows.find((r) => r.archivo === archivo && r.metrica === metrica && r.clave === clave)?.valor;

    expect(value('ventas', 'filas_leidas')).toBe(20);
    expect(value('ventas', 'filas_cargadas')).toBe(20);
    expect(value('ventas', 'filas_cuarentena')).toBe(0);
    expect(value('ventas', 'cuota_cuarentena')).toBe(0);
    expect(value('productos', 'filas_cargadas')).toBe(4);
    expect(value('clientes', 'filas_cargadas')).toBe(3);
    expect(value('inventario', 'filas_cargadas')).toBe(4);

    expect(value('ventas', 'unidades')).toBe(sum(SALES.map((s) => s.cantidad)));
    expect(value('ventas', 'ingresos')).toBe(sum(SALES.map((s) => s.cantidad * s.precio_unitario)));
    expect(value('ventas', 'clientes_distintos')).toBe(new Set(SALES.map((s) => s.cliente_id)).size);
    for (const day of new Set(SALES.map((s) => s.fecha))) {
      const that = SALES.filter((s) => s.fecha === day);
      expect(value('ventas', 'unidades_dia', day)).toBe(sum(that.map((s) => s.cantidad)));
      expect(value('ventas', 'ingresos_dia', day)).toBe(sum(that.map((s) => s.cantidad * s.precio_unitario)));
    }
    expect(rows.filter((r) => r.metrica === 'unidades_dia')).toHaveLength(9);
    for (const name of Object.values(CATEGORY)) {
      const that = SALES.filter((s) => CATEGORY[s.producto_id] === name);
      expect(value('ventas', 'unidades_categoria', name)).toBe(sum(that.map((s) => s.cantidad)));
      expect(value('ventas', 'ingresos_categoria', name)).toBe(sum(that.map((s) => s.cantidad * s.precio_unitario)));
    }
  });

  it('stores a profile of every column, matching figures computed from the data', async () => {
    const { db, loadId } = await loaded();
    const rows = await db.selectFrom('perfiles_columna').selectAll().where('carga_id', '=', loadId).execute();
    const profile = (tabla: string, columna: string) => profileFromRow(rows.find((r) => r.tabla === tabla && r.columna === columna)!);
    const mean = (xs: number[]) => sum(xs) / xs.length;

    const cantidades = SALES.map((s) => s.cantidad);
    expect(profile('ventas', 'cantidad')).toEqual({
      tabla: 'ventas',
      columna: 'cantidad',
      tipo: 'numero',
      filas: 20,
      faltantes: 0,
      distintos: new Set(cantidades).size,
      minimo: Math.min(...cantidades),
      maximo: Math.max(...cantidades),
      media: mean(cantidades),
      desde: null,
      hasta: null,
      frecuentes: null,
    });
    const dates = SALES.map((s) => s.fecha).sort();
    expect(profile('ventas', 'fecha')).toMatchObject({
      tipo: 'fecha',
      distintos: new Set(dates).size,
      desde: dates[0],
      hasta: dates.at(-1),
      minimo: null,
      media: null,
    });
    // Identifiers: min and max, no mean; a primary key's distinct count is its row count.
    expect(profile('ventas', 'venta_id')).toMatchObject({ distintos: 20, minimo: 1, maximo: 20, media: null });
    expect(profile('ventas', 'cliente_id')).toMatchObject({ distintos: 3, minimo: 1, maximo: 3, media: null });
    expect(profile('productos', 'precio')).toMatchObject({ minimo: 5.5, maximo: 1000, media: (1000 + 20 + 5.5 + 80) / 4 });
    expect(profile('inventario', 'almacen')).toMatchObject({
      tipo: 'texto',
      filas: 4,
      faltantes: 0,
      distintos: 2,
      frecuentes: [
        { valor: 'Central', filas: 2 },
        { valor: 'Norte', filas: 2 },
      ],
    });
    expect(profile('clientes', 'fecha_registro')).toMatchObject({ desde: '2023-01-01', hasta: '2023-03-01', distintos: 3 });
    expect(rows.map((r) => `${r.tabla}.${r.columna}`)).not.toContain('ventas.carga_id');
  });

  it('counts the distinct values of an indexed column exactly, below and past the loose index scan limit (2,000)', async () => {
    const { db, loadId } = await loaded();
    const stockDates = async () => {
      const [profile] = await profileColumns(
        db,
        PROFILED_COLUMNS.filter((c) => c.table === 'inventario' && c.column === 'fecha'),
      );
      const { rows } = await sql<{ n: unknown }>`select count(distinct fecha) as n from inventario`.execute(db);
      return { profiled: profile!.distintos, counted: Number(rows[0]!.n) };
    };
    const few = await stockDates();
    expect(few.profiled).toBe(few.counted);
    // 2,100 more stock dates: past the limit, the count falls back to walking the index.
    const start = Date.UTC(2010, 0, 1);
    const rows = Array.from({ length: 2100 }, (_, i) => ({
      fecha: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
      producto_id: 1,
      almacen: 'Extra',
      stock: 1,
      carga_id: loadId,
      linea: 100 + i,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('inventario')
        .values(rows.slice(i, i + 500))
        .execute();
    const many = await stockDates();
    expect(many.counted).toBe(few.counted + 2100);
    expect(many.profiled).toBe(many.counted);
  });

  it("profiles the warehouse from the load's stock summary as a pass over the stock would, and makes that pass when the summary does not add up", async () => {
    const { db, loadId } = await loaded();
    const warehouse = PROFILED_COLUMNS.filter((c) => c.table === 'inventario' && c.column === 'almacen');
    const fromSummary = async () => (await profileColumns(db, warehouse))[0];
    const byPass = async () =>
      (
        await profileColumns(
          db,
          warehouse.map(({ summarized: _, ...c }) => c),
        )
      )[0];
    // Two more spellings: one of a warehouse already there, one new on three dates.
    const extra = ['CENTRAL', 'Sur', 'Sur', 'Sur'].map((almacen, i) => ({
      fecha: `2011-02-0${i + 1}`,
      producto_id: 1,
      almacen,
      stock: 1,
      carga_id: loadId,
      linea: 50 + i,
    }));
    await db.insertInto('inventario').values(extra).execute();
    // The summary no longer adds up to the table: the profile makes its own pass.
    expect(await fromSummary()).toEqual(await byPass());
    await db.deleteFrom('resumen_inventario').execute();
    await sql`insert into resumen_inventario (carga_id, almacen, filas, desde, hasta)
      select ${loadId}, almacen, count(*), min(fecha), max(fecha) from inventario group by almacen`.execute(db);
    const summarized = await fromSummary();
    expect(summarized).toEqual(await byPass());
    expect(summarized).toMatchObject({ filas: 8, distintos: 4, frecuentes: expect.arrayContaining([{ valor: 'Sur', filas: 3 }]) });
    // And the summary is what it reads: a summary that disagrees in its counts (but not its total) shows through.
    await db.updateTable('resumen_inventario').set({ almacen: 'Otro' }).where('almacen', '=', 'CENTRAL').execute();
    expect((await fromSummary())!.frecuentes).toContainEqual({ valor: 'Otro', filas: 1 });
  });

  it("profiles the sales' city from the load's summary as a pass over the sales would, and makes that pass when the summary does not add up", async () => {
    const { db } = await loaded();
    const city = PROFILED_COLUMNS.filter((c) => c.table === 'ventas' && c.column === 'ciudad_id');
    const fromSummary = async () => (await profileColumns(db, city))[0]!;
    const byPass = async () =>
      (
        await profileColumns(
          db,
          city.map(({ summarized: _, ...c }) => c),
        )
      )[0]!;
    const passed = await byPass();
    expect(passed.distintos).toBeGreaterThan(1);
    expect(await fromSummary()).toEqual(passed);
    // The summary is what it reads: a city id moved in the summary only shows through the summary.
    await db
      .updateTable('resumen_ventas')
      .set({ orden: 999 })
      .where('dimension', '=', 'ciudad')
      .where('orden', '=', passed.maximo!)
      .execute();
    expect((await fromSummary()).maximo).toBe(999);
    // One sale fewer than the summary counts: the profile makes its own pass.
    const one = await db.selectFrom('ventas').select('venta_id').orderBy('venta_id').limit(1).executeTakeFirstOrThrow();
    await db.deleteFrom('ventas').where('venta_id', '=', one.venta_id).execute();
    expect(await fromSummary()).toEqual(await byPass());
  });

  it("profiles the numbers of sales and stock from the load's column summary as a pass would, and makes that pass when it does not hold", async () => {
    const { db } = await loaded();
    const numbers = PROFILED_COLUMNS.filter((c) => c.summarized === 'numeros');
    expect(numbers.map((c) => `${c.table}.${c.column}`)).toEqual(['ventas.cantidad', 'ventas.precio_unitario', 'inventario.stock']);
    const fromSummary = () => profileColumns(db, numbers);
    const byPass = () =>
      profileColumns(
        db,
        numbers.map(({ summarized: _, ...c }) => c),
      );
    // The means agree to the last digits, not always bit for bit (the engines sum in their own order).
    const rounded = (ps: Awaited<ReturnType<typeof byPass>>) =>
      ps.map((p) => ({ ...p, media: p.media === null ? null : p.media.toFixed(9) }));
    const passed = await byPass();
    // Ground truth: the clean set's sales (quantities 1 to 3 at a price of 10).
    expect(passed[0]).toMatchObject({ filas: 20, distintos: 3, minimo: 1, maximo: 3 });
    expect(passed[0]!.media).toBeCloseTo(sum(SALES.map((v) => v.cantidad)) / 20, 9);
    expect(rounded(await fromSummary())).toEqual(rounded(passed));
    // The summary is what it reads: a maximum changed there alone shows through.
    await db.updateTable('resumen_columnas').set({ maximo: 999 }).where('columna', '=', 'cantidad').execute();
    expect((await fromSummary())[0]!.maximo).toBe(999);
    // A summary that gave up counting distinct values: the pass counts them.
    await db.updateTable('resumen_columnas').set({ distintos: null }).where('columna', '=', 'cantidad').execute();
    expect((await fromSummary())[0]).toEqual(passed[0]);
    // One stock row more than the summary counts: the profile makes its own pass.
    const { id: _id, ...stock } = await db.selectFrom('inventario').selectAll().limit(1).executeTakeFirstOrThrow();
    await db
      .insertInto('inventario')
      .values({ ...stock, fecha: '2001-01-01', stock: 123_456 })
      .execute();
    const stockProfile = (await fromSummary())[2]!;
    expect(stockProfile).toMatchObject({ maximo: 123_456 });
    expect(rounded([stockProfile])).toEqual(rounded([(await byPass())[2]!]));
  });

  it('keeps the metrics and profile of earlier loads (history)', async () => {
    const { db, loadId } = await loaded();
    const second = await loadAndValidate(db, { dataDir: writeCleanData(newDir(), {}, 12), asOf: '2024-12-31', origin: 'test' });
    expect(second.load.status).toBe('ok');
    const counts = await db
      .selectFrom('metricas_carga')
      .select(['carga_id', 'valor'])
      .where('archivo', '=', 'ventas')
      .where('metrica', '=', 'filas_cargadas')
      .orderBy('carga_id')
      .execute();
    expect(counts.map((r) => [Number(r.carga_id), r.valor])).toEqual([
      [loadId, 20],
      [second.load.loadId, 12],
    ]);
    const profiles = await db.selectFrom('perfiles_columna').select('carga_id').distinct().execute();
    expect(profiles).toHaveLength(2);
  });

  it('returns a failure as a value with a code, and leaves the committed load as it is', async () => {
    const { db, loadId } = await loaded();
    const metrics = async () => (await db.selectFrom('metricas_carga').selectAll().where('carga_id', '=', loadId).execute()).length;
    const stored = await metrics();
    await sql`drop table perfiles_columna`.execute(db);
    const result = await recordLoadFacts(db, loadId);
    expect(result).toMatchObject({ status: 'failed', loadId, error: { code: 'load_facts_failed' } });
    if (result.status === 'failed')
      expect(result.error.message).toMatch(new RegExp(`^could not record the metrics and profile of load ${loadId}: `));
    // Nothing half-written: the metrics stand as they were (the anomaly checks need them), no profile rows.
    expect(await metrics()).toBe(stored);
    expect((await db.selectFrom('cargas').select('estado').where('id', '=', loadId).executeTakeFirstOrThrow()).estado).toBe('ok');
  });
});
