// The checks over loaded rows count and sum in SQL and keep bounded samples and id lists, whatever the number
// of affected rows; returns, unknown clients and the sales' cities share one pass over ventas per run.
import { type Insertable, type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/tables.ts';
import { ALL_CHECKS } from '../../src/validation/checks/index.ts';
import { negativeStock, returns, unknownClients } from '../../src/validation/checks/loaded-row-checks.ts';
import { referentialIntegrity } from '../../src/validation/checks/structure-checks.ts';
import { DEFAULT_VALIDATION_CONFIG } from '../../src/validation/config.ts';
import { runValidation } from '../../src/validation/run-validation.ts';
import type { Check } from '../../src/validation/types.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { type Dialect, DIALECTS } from '../helpers/dialects.ts';

const config = DEFAULT_VALIDATION_CONFIG; // sampleSize 10
const now = new Date('2025-01-01T08:00:00Z');
const run = (check: Check, db: Kysely<Database>) => check.run({ db, asOf: '2024-12-31', now, config });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** One successful load with product 1, cities 1 and 2, and client 1 of city 1; returns the load id. */
async function baseLoad(db: Kysely<Database>): Promise<number> {
  const at = now.toISOString();
  const { id } = await db
    .insertInto('cargas')
    .values({ iniciada_en: at, finalizada_en: at, fecha_corte: '2024-12-31', estado: 'ok', directorio: 'data' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('categorias').values({ id: 1, nombre: 'Ropa', carga_id: id }).execute();
  await db
    .insertInto('ciudades')
    .values([
      { id: 1, nombre: 'Madrid', carga_id: id },
      { id: 2, nombre: 'ciudad_desconocida', carga_id: id },
    ])
    .execute();
  await db
    .insertInto('productos')
    .values({ producto_id: 1, nombre: 'Camisa', categoria_id: 1, precio: 10, carga_id: id, linea: 2 })
    .execute();
  await db
    .insertInto('clientes')
    .values({ cliente_id: 1, nombre: 'Ana', email: 'ana@x.com', ciudad_id: 1, fecha_registro: '2023-01-01', carga_id: id, linea: 2 })
    .execute();
  return Number(id);
}

/** Sales numbered from 1 in file order; each of client 1 in city 1, 2 units at 10.00, unless `shape` says otherwise. */
async function sales(
  db: Kysely<Database>,
  cargaId: number,
  count: number,
  shape: (i: number) => Partial<Insertable<Database['ventas']>> = () => ({}),
) {
  const rows = range(1, count).map((i) => ({
    venta_id: i,
    fecha: '2024-05-01',
    producto_id: 1,
    cliente_id: 1,
    ciudad_id: 1,
    cantidad: 2,
    precio_unitario: 10,
    carga_id: cargaId,
    linea: i + 1,
    ...shape(i),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('ventas')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Runs `change` with foreign keys off: only a broken database holds rows that point nowhere. */
async function withoutForeignKeys(db: Kysely<Database>, dialect: Dialect, change: (db: Kysely<Database>) => Promise<void>) {
  await db.connection().execute(async (conn) => {
    await (dialect === 'sqlite' ? sql`pragma foreign_keys = off` : sql`set session_replication_role = replica`).execute(conn);
    try {
      await change(conn);
    } finally {
      await (dialect === 'sqlite' ? sql`pragma foreign_keys = on` : sql`set session_replication_role = default`).execute(conn);
    }
  });
}

describe.each(DIALECTS)('the loaded-row checks on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it('returns: count 5,000 returns and keep sampleSize of them, the lowest sale ids', async () => {
    const { db } = await newDb();
    const id = await baseLoad(db);
    await sales(db, id, 6_000, (i) => ({ cantidad: i > 1_000 ? 0 : 2 }));
    const found = await run(returns, db);
    expect(found).toMatchObject({ passed: false, rowsAffected: 5_000, impact: null });
    expect(found.samples.map((s) => s.venta_id)).toEqual(range(1_001, 1_010));
    expect(found.samples[0]).toEqual({
      venta_id: 1_001,
      linea: 1_002,
      fecha: '2024-05-01',
      producto_id: 1,
      cliente_id: 1,
      cantidad: 0,
      precio_unitario: 10,
    });
  });

  it('unknown_clients: count and sum every sale, list at most 100 client ids, the smallest, and flag the cut', async () => {
    const { db } = await newDb();
    const id = await baseLoad(db);
    // Sales 1-10 of client 1; sales 11-310 of 150 unknown clients (1001-1150), two each, in city 2.
    await sales(db, id, 310, (i) =>
      i <= 10 ? {} : { cliente_id: 1_001 + ((i - 11) % 150), ciudad_id: 2, cantidad: 3, precio_unitario: 2.5 },
    );
    const found = await run(unknownClients, db);
    expect(found).toMatchObject({ passed: false, rowsAffected: 300, impact: { unidades: 900, ingresos: 2_250 } });
    expect(found.samples.map((s) => s.venta_id)).toEqual(range(11, 20));
    expect(found.details.unknownClientIds).toEqual(range(1_001, 1_100));
    expect(found.details.unknownClientIdsTruncated).toBe(true);
  });

  it('unknown_clients: list every id when there are at most 100, and pass with an empty list when there are none', async () => {
    const { db } = await newDb();
    const id = await baseLoad(db);
    expect(await run(unknownClients, db)).toEqual({
      passed: true,
      rowsAffected: 0,
      samples: [],
      impact: null,
      details: { unknownClientIds: [], unknownClientIdsTruncated: false },
    });
    await sales(db, id, 4, (i) => (i % 2 === 0 ? { cliente_id: 77, ciudad_id: 2 } : {}));
    expect((await run(unknownClients, db)).details).toEqual({ unknownClientIds: [77], unknownClientIdsTruncated: false });
  });

  it('negative_stock: count 5,000 negative rows and keep sampleSize of them, the first lines', async () => {
    const { db } = await newDb();
    const id = await baseLoad(db);
    const stock = range(1, 5_000).map((i) => ({
      fecha: '2024-01-31',
      producto_id: 1,
      almacen: `A${i}`,
      stock: -1,
      carga_id: id,
      linea: i + 1,
    }));
    for (let i = 0; i < stock.length; i += 500)
      await db
        .insertInto('inventario')
        .values(stock.slice(i, i + 500))
        .execute();
    const found = await run(negativeStock, db);
    expect(found).toMatchObject({ rowsAffected: 5_000, details: { totalNegativeStock: -5_000 } });
    expect(found.samples.map((s) => s.linea)).toEqual(range(2, 11));
  });

  it("negative_stock: trusts the load's column summary only while it counts every stock row", async () => {
    const { db } = await newDb();
    const id = await baseLoad(db);
    const row = (i: number, stock: number) => ({
      fecha: '2024-01-31',
      producto_id: 1,
      almacen: `A${i}`,
      stock,
      carga_id: id,
      linea: i + 1,
    });
    await db
      .insertInto('inventario')
      .values([row(1, 4), row(2, 0), row(3, 9)])
      .execute();
    // The summary the load would write: 3 rows, none below 0.
    await db
      .insertInto('resumen_columnas')
      .values({ carga_id: id, tabla: 'inventario', columna: 'stock', filas: 3, distintos: 3, minimo: 0, maximo: 9, suma: 13 })
      .execute();
    expect(await run(negativeStock, db)).toEqual({
      passed: true,
      rowsAffected: 0,
      samples: [],
      impact: null,
      details: { totalNegativeStock: 0 },
    });
    // A row the summary does not count (written by hand): the check reads the table and finds it.
    await db.insertInto('inventario').values(row(4, -7)).execute();
    expect(await run(negativeStock, db)).toMatchObject({ passed: false, rowsAffected: 1, details: { totalNegativeStock: -7 } });
    // A summary that counts it and says so: no shortcut either.
    await db.updateTable('resumen_columnas').set({ filas: 4, minimo: -7 }).execute();
    expect(await run(negativeStock, db)).toMatchObject({ passed: false, rowsAffected: 1 });
  });

  it('referential_integrity: count sales whose city has no row, and sales of known clients in another city', async () => {
    const { db } = await newDb();
    const id = await baseLoad(db);
    await sales(db, id, 5, (i) => (i === 2 ? { ciudad_id: 2 } : {})); // sale 2: client 1 lives in city 1
    await withoutForeignKeys(db, dialect, async (conn) => {
      await conn
        .insertInto('ventas')
        .values({
          venta_id: 6,
          fecha: '2024-05-01',
          producto_id: 1,
          cliente_id: 500,
          ciudad_id: 99,
          cantidad: 1,
          precio_unitario: 1,
          carga_id: id,
          linea: 7,
        })
        .execute();
      await conn
        .insertInto('ventas')
        .values({
          venta_id: 7,
          fecha: '2024-05-01',
          producto_id: 42,
          cliente_id: 1,
          ciudad_id: 1,
          cantidad: 1,
          precio_unitario: 1,
          carga_id: id,
          linea: 8,
        })
        .execute();
    });
    const found = await run(referentialIntegrity, db);
    expect(found.details.violations).toEqual({
      'ventas.producto_id -> productos': 1,
      'inventario.producto_id -> productos': 0,
      'productos.categoria_id -> categorias': 0,
      'clientes.ciudad_id -> ciudades': 0,
      'ventas.ciudad_id -> ciudades': 1,
      'ventas.ciudad_id = clientes.ciudad_id (known clients)': 1,
    });
    expect(found.rowsAffected).toBe(3);
  });

  it('referential_integrity: count every sale in a city whose row is gone, in its client’s city or not', async () => {
    const { db } = await newDb();
    const id = await baseLoad(db);
    await sales(db, id, 5, (i) => (i === 2 ? { ciudad_id: 2 } : {})); // sales 1, 3, 4, 5 in client 1's city 1
    await withoutForeignKeys(db, dialect, async (conn) => {
      await conn
        .insertInto('ventas')
        .values({
          venta_id: 6,
          fecha: '2024-05-01',
          producto_id: 1,
          cliente_id: 1,
          ciudad_id: 99,
          cantidad: 1,
          precio_unitario: 1,
          carga_id: id,
          linea: 7,
        })
        .execute();
      await conn.deleteFrom('ciudades').where('id', '=', 1).execute();
    });
    const found = await run(referentialIntegrity, db);
    expect(found.details.violations).toMatchObject({
      'clientes.ciudad_id -> ciudades': 1,
      'ventas.ciudad_id -> ciudades': 5, // sales 1, 3, 4, 5 (city 1) and 6 (city 99)
      'ventas.ciudad_id = clientes.ciudad_id (known clients)': 2, // sales 2 and 6
    });
  });

  it('scan the sales once per run for returns, unknown clients and the sales’ cities', async () => {
    const { db, url } = await newDb();
    const id = await baseLoad(db);
    await sales(db, id, 20, (i) => (i % 5 === 0 ? { cantidad: 0 } : i % 7 === 0 ? { cliente_id: 9, ciudad_id: 2 } : {}));
    const statements: string[] = [];
    const watched = openDatabase(url, { onQuery: (s) => statements.push(s) });
    try {
      const result = await runValidation(watched, { asOf: '2024-12-31', clock: () => now, origin: 'test', checks: ALL_CHECKS });
      const rows = Object.fromEntries(result.results.map((r) => [r.code, r.rowsAffected]));
      expect(rows).toMatchObject({ returns: 4, unknown_clients: 2, referential_integrity: 0 });
    } finally {
      await watched.destroy();
    }
    expect(statements.filter((s) => /from ventas v\s+left join clientes c/.test(s))).toHaveLength(1);
  });
});
