// The quarantine checks read the load's tallies (cuarentena_resumen) and a bounded sample, never every
// quarantined row: rows and tallies are written here by hand, so each case states exactly what a load left.
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import type { CuarentenaResumenTable, Database } from '../../src/db/tables.ts';
import { duplicateSales, negativePrices, unknownProducts } from '../../src/validation/checks/quarantine-checks.ts';
import { DEFAULT_VALIDATION_CONFIG } from '../../src/validation/config.ts';
import type { Check } from '../../src/validation/types.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';

const config = DEFAULT_VALIDATION_CONFIG; // sampleSize 10
const run = (check: Check, db: Kysely<Database>) => check.run({ db, asOf: '2024-12-31', now: new Date('2025-01-01T08:00:00Z'), config });

async function load(db: Kysely<Database>, estado: 'ok' | 'error' = 'ok'): Promise<number> {
  const at = '2025-01-01T07:00:00Z';
  const row = await db
    .insertInto('cargas')
    .values({ iniciada_en: at, finalizada_en: at, fecha_corte: '2024-12-31', estado, directorio: 'data' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** `count` quarantined rows of one file and reason at lines 2, 3, ...; valores is null, so nothing can be derived from it. */
async function quarantine(db: Kysely<Database>, cargaId: number, archivo: string, razon: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      carga_id: cargaId,
      archivo,
      linea: start + i + 2,
      contenido: `line ${start + i + 2}`,
      razon,
      campo: null,
      mensaje: razon,
      valores: null,
    }));
    await db.insertInto('cuarentena').values(rows).execute();
  }
}

async function tally(
  db: Kysely<Database>,
  row: Partial<CuarentenaResumenTable> & Pick<CuarentenaResumenTable, 'carga_id' | 'archivo' | 'razon' | 'filas'>,
) {
  await db
    .insertInto('cuarentena_resumen')
    .values({ unidades: null, ingresos: null, productos: null, productos_distintos: null, ...row })
    .execute();
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(DIALECTS)('the quarantine checks on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it('count 5,000 quarantined duplicates from the tallies and read only a sample of sampleSize rows', async () => {
    const { db, url } = await newDb();
    const id = await load(db);
    await quarantine(db, id, 'ventas.csv', 'duplicate_id', 5_000);
    await tally(db, { carga_id: id, archivo: 'ventas.csv', razon: 'duplicate_id', filas: 5_000, unidades: 10_000, ingresos: 100_000.004 });
    const statements: string[] = [];
    const watched = openDatabase(url, { onQuery: (s) => statements.push(s) });
    try {
      const found = await run(duplicateSales, watched);
      expect(found).toMatchObject({ passed: false, rowsAffected: 5_000, impact: { unidades: 10_000, ingresos: 100_000 } });
      expect(found.samples).toHaveLength(config.sampleSize);
      expect(found.samples.map((s) => s.linea)).toEqual(range(2, 11));
      expect(found.samples[0]).toEqual({ archivo: 'ventas.csv', linea: 2, contenido: 'line 2', mensaje: 'duplicate_id' });
      expect(found.details).toEqual({
        reason: 'duplicate_id',
        quarantinedByFile: { 'ventas.csv': 5_000 },
        loadedDuplicateIds: [],
        loadedDuplicateIdsTruncated: false,
      });
    } finally {
      await watched.destroy();
    }
    const quarantineReads = statements.filter((s) => /from "cuarentena"(?!_)/.test(s));
    expect(quarantineReads.length).toBeGreaterThan(0);
    for (const s of quarantineReads) expect(s).toMatch(/limit/i);
    expect(statements.some((s) => s.includes('valores'))).toBe(false);
  });

  it('read the latest successful load, not a later failed one nor an earlier one', async () => {
    const { db } = await newDb();
    const first = await load(db);
    await tally(db, { carga_id: first, archivo: 'ventas.csv', razon: 'duplicate_id', filas: 3 });
    const latest = await load(db);
    await quarantine(db, latest, 'ventas.csv', 'duplicate_id', 7);
    await tally(db, { carga_id: latest, archivo: 'ventas.csv', razon: 'duplicate_id', filas: 7, unidades: 14, ingresos: 140 });
    const failed = await load(db, 'error');
    await tally(db, { carga_id: failed, archivo: 'ventas.csv', razon: 'duplicate_id', filas: 99 });
    const found = await run(duplicateSales, db);
    expect(found).toMatchObject({
      rowsAffected: 7,
      impact: { unidades: 14, ingresos: 140 },
      details: { quarantinedByFile: { 'ventas.csv': 7 } },
    });
    expect(found.samples).toHaveLength(7);
  });

  it('pass, with no sample and no impact, when the latest load quarantined nothing for the reason', async () => {
    const { db } = await newDb();
    const id = await load(db);
    await tally(db, { carga_id: id, archivo: 'ventas.csv', razon: 'negative_quantity', filas: 4, unidades: -8, ingresos: -80 });
    const found = await run(duplicateSales, db);
    expect(found).toEqual({
      passed: true,
      rowsAffected: 0,
      samples: [],
      impact: null,
      details: { reason: 'duplicate_id', quarantinedByFile: {}, loadedDuplicateIds: [], loadedDuplicateIdsTruncated: false },
    });
  });

  it('pass when no load has succeeded yet', async () => {
    const { db } = await newDb();
    await load(db, 'error');
    expect(await run(negativePrices, db)).toMatchObject({ passed: true, rowsAffected: 0, samples: [], impact: null });
  });

  it('sample by file, then by line, cut at sampleSize; impact only from the sales file', async () => {
    const { db } = await newDb();
    const id = await load(db);
    await quarantine(db, id, 'productos.csv', 'negative_price', 3);
    await quarantine(db, id, 'ventas.csv', 'negative_price', 20);
    await tally(db, { carga_id: id, archivo: 'productos.csv', razon: 'negative_price', filas: 3 });
    await tally(db, { carga_id: id, archivo: 'ventas.csv', razon: 'negative_price', filas: 20, unidades: 40, ingresos: -123.456 });
    const found = await run(negativePrices, db);
    expect(found).toMatchObject({
      rowsAffected: 23,
      impact: { unidades: 40, ingresos: -123.46 },
      details: { quarantinedByFile: { 'productos.csv': 3, 'ventas.csv': 20 } },
    });
    expect(found.samples.map((s) => `${s.archivo}:${s.linea}`)).toEqual([
      ...range(2, 4).map((l) => `productos.csv:${l}`),
      ...range(2, 8).map((l) => `ventas.csv:${l}`),
    ]);
  });

  it('have no impact when only a file other than sales is affected', async () => {
    const { db } = await newDb();
    const id = await load(db);
    await quarantine(db, id, 'productos.csv', 'negative_price', 2);
    await tally(db, { carga_id: id, archivo: 'productos.csv', razon: 'negative_price', filas: 2 });
    expect(await run(negativePrices, db)).toMatchObject({
      rowsAffected: 2,
      impact: null,
      details: { quarantinedByFile: { 'productos.csv': 2 } },
    });
  });

  it('merge the missing product ids of sales and stock, ascending, without a cut when all are listed', async () => {
    const { db } = await newDb();
    const id = await load(db);
    await tally(db, {
      carga_id: id,
      archivo: 'ventas.csv',
      razon: 'unknown_product',
      filas: 5,
      unidades: 6,
      ingresos: 60,
      productos: '[11,12]',
      productos_distintos: 2,
    });
    await tally(db, {
      carga_id: id,
      archivo: 'inventario.csv',
      razon: 'unknown_product',
      filas: 2,
      productos: '[12,13]',
      productos_distintos: 2,
    });
    const found = await run(unknownProducts, db);
    expect(found).toMatchObject({ rowsAffected: 7, impact: { unidades: 6, ingresos: 60 } });
    expect(found.details).toMatchObject({
      missingProductIds: [11, 12, 13],
      missingProductIdsTruncated: false,
      quarantinedByFile: { 'inventario.csv': 2, 'ventas.csv': 5 },
    });
  });

  it('list at most 100 missing product ids, the smallest, and flag the cut', async () => {
    const { db } = await newDb();
    const id = await load(db);
    // The sales tally lists its first 100 of 250 ids; stock adds one smaller id and one already listed.
    await tally(db, {
      carga_id: id,
      archivo: 'ventas.csv',
      razon: 'unknown_product',
      filas: 5_000,
      unidades: 5_000,
      ingresos: 50_000,
      productos: JSON.stringify(range(1001, 1100)),
      productos_distintos: 250,
    });
    await tally(db, {
      carga_id: id,
      archivo: 'inventario.csv',
      razon: 'unknown_product',
      filas: 40,
      productos: '[11,1050]',
      productos_distintos: 2,
    });
    const found = await run(unknownProducts, db);
    expect(found.rowsAffected).toBe(5_040);
    expect(found.details.missingProductIds).toEqual([11, ...range(1001, 1099)]);
    expect(found.details.missingProductIdsTruncated).toBe(true);
  });

  describe('duplicate_sales among loaded sales', () => {
    /** Replaces ventas with a copy that has no primary key (nothing references ventas), as a damaged database could. */
    async function withoutPrimaryKey(db: Kysely<Database>) {
      await sql`create table ventas_sin_clave as select * from ventas where 1 = 0`.execute(db);
      await sql`drop table ventas`.execute(db);
      await sql`alter table ventas_sin_clave rename to ventas`.execute(db);
    }
    async function sales(db: Kysely<Database>, cargaId: number, ids: number[]) {
      const rows = ids.map((venta_id, i) => ({
        venta_id,
        fecha: '2024-05-01',
        producto_id: 1,
        cliente_id: 1,
        ciudad_id: 1,
        cantidad: 1,
        precio_unitario: 10,
        carga_id: cargaId,
        linea: i + 2,
      }));
      for (let i = 0; i < rows.length; i += 500)
        await db
          .insertInto('ventas')
          .values(rows.slice(i, i + 500))
          .execute();
    }

    it('are none while venta_id is the primary key', async () => {
      const { db } = await newDb();
      await load(db);
      expect((await run(duplicateSales, db)).details).toMatchObject({ loadedDuplicateIds: [], loadedDuplicateIdsTruncated: false });
    });

    it('are counted in SQL without the primary key: every copy counts, 100 ids are listed and the cut is flagged', async () => {
      const { db } = await newDb();
      const id = await load(db);
      await withoutPrimaryKey(db);
      await sales(db, id, [...range(1, 150), ...range(1, 150), ...range(151, 160), 7]);
      const found = await run(duplicateSales, db);
      expect(found.rowsAffected).toBe(301); // 150 ids twice, id 7 three times
      expect(found.details.loadedDuplicateIds).toEqual(range(1, 100));
      expect(found.details.loadedDuplicateIdsTruncated).toBe(true);
    });

    it('are listed whole when few, added to the quarantined ones', async () => {
      const { db } = await newDb();
      const id = await load(db);
      await tally(db, { carga_id: id, archivo: 'ventas.csv', razon: 'duplicate_id', filas: 2 });
      await quarantine(db, id, 'ventas.csv', 'duplicate_id', 2);
      await withoutPrimaryKey(db);
      await sales(db, id, [1, 2, 3, 3, 4, 4]);
      const found = await run(duplicateSales, db);
      expect(found.rowsAffected).toBe(6);
      expect(found.details).toMatchObject({ loadedDuplicateIds: [3, 4], loadedDuplicateIdsTruncated: false });
    });
  });
});
