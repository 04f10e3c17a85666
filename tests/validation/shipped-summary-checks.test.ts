// The shipped checks that read the load's summaries (cliente_concentrado, unidades_medias_por_producto,
// almacenes_al_dia) find exactly what grouping the loaded rows finds, on data where they fire.
import { cpSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/etl/load.ts';
import { readValidationConfig } from '../../src/validation/read-config.ts';
import { runValidation } from '../../src/validation/run-validation.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

/** The bundled data plus 600 sales of 900 units of product 5 by client 3: over 20% of revenue, over 100 units a sale. */
function concentratedData(): string {
  const dir = newDir();
  cpSync('data', dir, { recursive: true });
  const lines = Array.from({ length: 600 }, (_, i) => `2024-09-01,V9${String(i).padStart(5, '0')},CLI003,PROD005,900,50.00`);
  appendFileSync(join(dir, 'ventas.csv'), `${lines.join('\n')}\n`);
  // A warehouse that stopped reporting, under two spellings (one check row for both).
  appendFileSync(join(dir, 'inventario.csv'), '2024-03-01\tprod001\tOeste\t\t10\n2024-03-02\tprod001\tOESTE\t\t10\n');
  return dir;
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it('flags the clients above 20% of revenue and the products above 100 units a sale, as grouping the sales does', async () => {
    const { db } = await newDb();
    const load = await runLoad(db, { dataDir: concentratedData(), asOf: '2025-01-01' });
    expect(load.status).toBe('ok');
    const run = await runValidation(db, { origin: 'test', asOf: '2025-01-01', config: readValidationConfig(), persist: false });
    const result = (code: string) => run.results.find((r) => r.code === code)!;

    const clients = await sql<{ id: number; unidades: number; ingresos: number }>`
      select cliente_id as id, sum(cantidad) as unidades, sum(cantidad * precio_unitario) as ingresos from ventas group by cliente_id
      having sum(cantidad * precio_unitario) > 0.2 * (select sum(cantidad * precio_unitario) from ventas) order by cliente_id`.execute(db);
    expect(clients.rows.map((r) => Number(r.id))).toEqual([3]);
    const concentrated = result('cliente_concentrado');
    expect(concentrated).toMatchObject({ passed: false, rowsAffected: 1, error: null });
    expect(concentrated.samples.map((s) => Number(s.cliente_id))).toEqual([3]);
    expect(concentrated.impact!.unidades).toBe(Number(clients.rows[0]!.unidades));
    expect(concentrated.impact!.ingresos).toBeCloseTo(Number(clients.rows[0]!.ingresos), 1);

    const products = await sql<{ id: number }>`
      select producto_id as id from ventas group by producto_id having avg(cantidad) > 100 order by producto_id`.execute(db);
    expect(products.rows.map((r) => Number(r.id))).toEqual([5]);
    const late = await sql<{ almacen: string; ultima_fecha: string }>`
      select lower(almacen) as almacen, max(fecha) as ultima_fecha from inventario group by lower(almacen)
      having max(fecha) < (select max(fecha) from inventario) order by 1`.execute(db);
    expect(late.rows).toContainEqual({ almacen: 'oeste', ultima_fecha: '2024-03-02' });
    expect(result('almacenes_al_dia')).toMatchObject({ passed: false, rowsAffected: late.rows.length, samples: late.rows });

    // Spellings that are not capitalised words, as the pattern the check stands for finds them.
    const spellings = await db
      .selectFrom('inventario')
      .select(['almacen', sql<number>`count(*)`.as('filas')])
      .groupBy('almacen')
      .orderBy('almacen')
      .execute();
    const misspelt = spellings.filter((r) => !/^[A-Z][a-z]+$/.test(r.almacen)).map((r) => ({ almacen: r.almacen, filas: Number(r.filas) }));
    expect(misspelt.map((r) => r.almacen)).toEqual(expect.arrayContaining(['OESTE']));
    const spelling = result('almacen_bien_escrito');
    expect(spelling).toMatchObject({ passed: false, rowsAffected: misspelt.length, error: null });
    expect(spelling.samples.map((r) => ({ almacen: r.almacen, filas: Number(r.filas) }))).toEqual(
      misspelt.slice(0, spelling.samples.length),
    );

    const heavy = result('unidades_medias_por_producto');
    expect(heavy).toMatchObject({ passed: false, rowsAffected: 1, error: null });
    expect(heavy.samples.map((s) => [Number(s.producto_id), Number(s.unidades_medias)])).toEqual([
      [
        5,
        Number(
          Number((await sql<{ a: number }>`select avg(cantidad) as a from ventas where producto_id = 5`.execute(db)).rows[0]!.a).toFixed(2),
        ),
      ],
    ]);
  });

  it('finds on the bundled data what grouping its rows finds', async () => {
    const { db } = await newDb();
    await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    const run = await runValidation(db, { origin: 'test', asOf: '2025-01-01', config: readValidationConfig(), persist: false });
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from (select cliente_id from ventas group by cliente_id
      having sum(cantidad * precio_unitario) > 0.2 * (select sum(cantidad * precio_unitario) from ventas)) c`.execute(db);
    expect(Number(rows[0]!.n)).toBe(0);
    for (const code of ['cliente_concentrado', 'unidades_medias_por_producto'])
      expect(run.results.find((r) => r.code === code)).toMatchObject({ passed: true, rowsAffected: 0, error: null });
    // The bundled stock has a warehouse that stopped reporting ("norte").
    const late = await sql<{ almacen: string; ultima_fecha: string }>`
      select lower(almacen) as almacen, max(fecha) as ultima_fecha from inventario group by lower(almacen)
      having max(fecha) < (select max(fecha) from inventario) order by 1`.execute(db);
    expect(late.rows.length).toBeGreaterThan(0);
    expect(run.results.find((r) => r.code === 'almacenes_al_dia')).toMatchObject({
      rowsAffected: late.rows.length,
      samples: late.rows,
      error: null,
    });
  });
});
