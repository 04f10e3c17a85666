// A declared range check over a number the load summarized (resumen_columnas) answers from the summary when
// the whole column lies inside the range, with the same result as reading the table, and reads the table
// whenever the summary does not fit the range or does not count every row.
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/tables.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { plantedLoad, runDeclared } from '../helpers/declared-checks.ts';
import { DIALECTS } from '../helpers/dialects.ts';

const CHECKS = (min: number, max: number) => `
tables:
  ventas:
    - { name: cantidad_en_rango, kind: invalid, column: cantidad, range: { min: ${min}, max: ${max} }, severity: WARNING }
`;

/** The summary a load would have written for ventas.cantidad, computed from the table. */
async function summarizeQuantities(db: Kysely<Database>) {
  await db.deleteFrom('resumen_columnas').execute();
  await sql`insert into resumen_columnas (carga_id, tabla, columna, filas, distintos, minimo, maximo, suma)
    select (select max(id) from cargas), 'ventas', 'cantidad', count(*), count(distinct cantidad), min(cantidad), max(cantidad), sum(cantidad)
    from ventas`.execute(db);
}

describe.each(DIALECTS)('a range check over a summarized number on %s', (dialect) => {
  const fresh = migratedDatabases(dialect);
  const result = async (db: Kysely<Database>, min: number, max: number) => {
    const run = await runDeclared(db, CHECKS(min, max));
    const { code: _c, description: _d, runbook: _r, ...r } = run.results.find((x) => x.code === 'cantidad_en_rango')!;
    return r;
  };

  it('gives the same result from the summary as from the table, and reads the table when the summary does not fit', async () => {
    const { db } = await fresh();
    await plantedLoad(db);
    const { hi } = (await db
      .selectFrom('ventas')
      .select((eb) => eb.fn.max('cantidad').as('hi'))
      .executeTakeFirstOrThrow()) as { hi: number };
    const byTable = await result(db, 0, Number(hi));
    await summarizeQuantities(db);
    expect(await result(db, 0, Number(hi))).toEqual(byTable);
    expect(byTable).toMatchObject({ passed: true, rowsAffected: 0 });
    // The summary's max is above the range: the table is read and the rows above it counted.
    const below = await result(db, 0, Number(hi) - 1);
    expect(below.rowsAffected).toBeGreaterThan(0);
    await db.deleteFrom('resumen_columnas').execute();
    expect(await result(db, 0, Number(hi) - 1)).toEqual(below);
    // The summary is what it reads: one that (wrongly) puts every quantity below the max passes the check.
    await summarizeQuantities(db);
    await db
      .updateTable('resumen_columnas')
      .set({ maximo: Number(hi) - 1 })
      .execute();
    expect(await result(db, 0, Number(hi) - 1)).toMatchObject({ passed: true, rowsAffected: 0 });
  });

  it('reads the table when a row was written past the summary', async () => {
    const { db } = await fresh();
    await plantedLoad(db);
    await summarizeQuantities(db);
    const { hi } = (await db
      .selectFrom('ventas')
      .select((eb) => eb.fn.max('cantidad').as('hi'))
      .executeTakeFirstOrThrow()) as { hi: number };
    const sale = await db.selectFrom('ventas').selectAll().orderBy('venta_id').limit(1).executeTakeFirstOrThrow();
    await db
      .insertInto('ventas')
      .values({ ...sale, venta_id: 999_999, cantidad: Number(hi) + 50 })
      .execute();
    expect(await result(db, 0, Number(hi))).toMatchObject({ passed: false, rowsAffected: 1, samples: [{ venta_id: 999_999 }] });
  });
});
