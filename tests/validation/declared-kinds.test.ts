// Each declared check kind on data made to trip it and on data made to pass it, with exact counts,
// samples and impact, on every dialect; results read back from the stored history.
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/tables.ts';
import { validationRun } from '../../src/queries/validation-run.ts';
import type { CheckResult } from '../../src/validation/types.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { plantedLoad, runDeclared } from '../helpers/declared-checks.ts';
import { DIALECTS } from '../helpers/dialects.ts';

describe.each(DIALECTS)('declared checks on %s', (dialect) => {
  const fresh = migratedDatabases(dialect);
  let db: Kysely<Database>;
  const results = new Map<string, CheckResult>();

  async function setup() {
    if (db) return;
    db = (await fresh()).db;
    await plantedLoad(db);
    const run = await runDeclared(db, CHECKS);
    const stored = await validationRun(db, run.id);
    for (const r of stored!.results) results.set(r.code, r);
  }
  const result = async (code: string) => {
    await setup();
    const r = results.get(code);
    if (!r) throw new Error(`no result ${code}`);
    expect(r.error).toBeNull();
    return r;
  };
  const ids = (r: CheckResult, key = 'venta_id') => r.samples.map((s) => Number(s[key]));

  it('row_count: fails outside its bounds, passes within', async () => {
    expect(await result('ventas_pocas')).toMatchObject({ passed: false, rowsAffected: 0, details: { rows: 20, min: 1, max: 10 } });
    expect((await result('ventas_veinte')).passed).toBe(true);
  });

  it('missing: counts NULL or blank text, by count or by share of the table', async () => {
    const r = await result('email_falta');
    expect(r).toMatchObject({ passed: false, rowsAffected: 1, severity: 'ERROR', details: { rows: 4, percent: 25 } });
    expect(ids(r, 'cliente_id')).toEqual([3]);
    expect((await result('email_falta_tolerado')).passed).toBe(true);
    expect((await result('producto_falta')).passed).toBe(true);
  });

  it('duplicate: counts every row of a duplicated group and samples the groups', async () => {
    const r = await result('venta_por_cliente_y_dia');
    expect(r).toMatchObject({ passed: false, rowsAffected: 5, details: { groups: 2 } });
    expect(r.samples).toEqual([{ cliente_id: 1, fecha: '2024-05-14', filas: 3 }]); // sample: 1
    expect((await result('venta_id_unico')).passed).toBe(true);
  });

  it('invalid: a numeric range, with the affected sales as impact', async () => {
    const r = await result('cantidad_razonable');
    expect(r).toMatchObject({ passed: false, rowsAffected: 1, impact: { unidades: 5000, ingresos: 50000 } });
    expect(ids(r)).toEqual([5]);
  });

  it('invalid: allowed values, a regex (REGEXP on SQLite, ~ on PostgreSQL) and a date range', async () => {
    expect(await result('almacen_conocido')).toMatchObject({ passed: false, rowsAffected: 1, samples: [{ almacen: 'sur' }] });
    const email = await result('email_valido');
    expect(email).toMatchObject({ passed: false, rowsAffected: 2 });
    expect(ids(email, 'cliente_id')).toEqual([2, 3]);
    const registered = await result('registro_en_rango');
    expect(registered).toMatchObject({ passed: false, rowsAffected: 1 });
    expect(ids(registered, 'cliente_id')).toEqual([3]);
    expect((await result('nombre_con_letras')).passed).toBe(true);
  });

  it('reference: values missing from the other table, with impact', async () => {
    const r = await result('cliente_conocido');
    expect(r).toMatchObject({ passed: false, rowsAffected: 2, impact: { unidades: 4, ingresos: 40 } });
    expect(ids(r)).toEqual([3, 7]);
    expect((await result('producto_conocido')).passed).toBe(true);
  });

  it('freshness: the newest date against the run’s as-of date', async () => {
    expect(await result('ventas_de_esta_semana')).toMatchObject({
      passed: false,
      details: { newest: '2024-05-20', asOf: '2024-06-01', ageDays: 12 },
    });
    expect((await result('ventas_del_mes')).passed).toBe(true);
  });

  it('metric: ungrouped and grouped, the groups out of bounds as samples', async () => {
    expect(await result('unidades_totales')).toMatchObject({ passed: false, details: { value: 5038 } });
    const grouped = await result('maximo_por_producto');
    expect(grouped).toMatchObject({ passed: false, rowsAffected: 1, details: { groups: 2 } });
    expect(grouped.samples).toEqual([{ producto_id: 1, value: 5000 }]);
    expect((await result('precio_medio')).passed).toBe(true);
  });

  it('sql: the returned rows fail, counted in SQL, sampled, with unidades and ingresos as impact', async () => {
    const r = await result('precio_cerca_de_lista');
    expect(r).toMatchObject({
      passed: false,
      rowsAffected: 3,
      impact: { unidades: 6, ingresos: 60 },
      description: 'Sales near the list price',
    });
    expect(ids(r)).toEqual([10, 11, 12]);
    expect(await result('almacenes_al_dia')).toMatchObject({
      passed: false,
      rowsAffected: 1,
      samples: [{ almacen: 'sur', ultima_fecha: '2024-05-20' }],
    });
    expect((await result('sin_filas')).passed).toBe(true);
  });

  it('sql: the impact sums every failing row, not only the sampled ones', async () => {
    const r = await result('precio_lejos_una_muestra');
    expect(r).toMatchObject({ passed: false, rowsAffected: 3, impact: { unidades: 6, ingresos: 60 } });
    expect(ids(r)).toEqual([10]);
    expect(Object.keys(r.samples[0]!).sort()).toEqual(['ingresos', 'unidades', 'venta_id']);
  });

  it('sql: a query naming a column that does not exist fails with the database’s reason', async () => {
    await setup();
    const r = results.get('columna_inexistente')!;
    expect(r.passed).toBe(false);
    expect(r.error).toMatch(/no_existe/);
    // The run went on: the checks after it have their own results.
    expect((await result('sin_filas')).passed).toBe(true);
  });

  it('keeps each check’s kind, description and runbook in the stored history', async () => {
    const r = await result('precio_cerca_de_lista');
    expect(r.details.declared).toMatchObject({ kind: 'sql', table: 'ventas' });
    expect(r.runbook).toBe('checks.yml#precio_cerca_de_lista');
    expect(r.runbookText).toContain('# Price far from the list price');
    expect((await result('cliente_conocido')).runbook).toBe('docs/runbooks/referential_integrity.md');
  });
});

const CHECKS = `
tables:
  ventas:
    - { name: ventas_pocas, kind: row_count, min: 1, max: 10, severity: WARNING }
    - { name: ventas_veinte, kind: row_count, min: 20, max: 20, severity: WARNING }
    - { name: producto_falta, kind: missing, column: producto_id, severity: ERROR }
    - { name: venta_por_cliente_y_dia, kind: duplicate, columns: [cliente_id, fecha], sample: 1, severity: WARNING }
    - { name: venta_id_unico, kind: duplicate, column: venta_id, severity: ERROR }
    - { name: cantidad_razonable, kind: invalid, column: cantidad, range: { min: 0, max: 1000 }, severity: WARNING }
    - name: cliente_conocido
      kind: reference
      column: cliente_id
      references: clientes.cliente_id
      severity: ERROR
      runbook: docs/runbooks/referential_integrity.md
    - { name: producto_conocido, kind: reference, column: producto_id, references: productos.producto_id, severity: ERROR }
    - { name: ventas_de_esta_semana, kind: freshness, column: fecha, max_age_days: 7, severity: WARNING }
    - { name: ventas_del_mes, kind: freshness, column: fecha, max_age_days: 12, severity: WARNING }
    - { name: unidades_totales, kind: metric, function: sum, column: cantidad, max: 1000, severity: WARNING }
    - { name: maximo_por_producto, kind: metric, function: max, column: cantidad, group_by: producto_id, max: 100, severity: WARNING }
    - { name: precio_medio, kind: metric, function: avg, column: precio_unitario, group_by: producto_id, min: 5, max: 20, severity: WARNING }
    - name: precio_cerca_de_lista
      kind: sql
      severity: WARNING
      description: Sales near the list price
      runbook: |
        # Price far from the list price
        Check the price list.
      query: |
        select v.venta_id, v.cantidad as unidades, v.cantidad * v.precio_unitario as ingresos
        from ventas v join productos p on p.producto_id = v.producto_id
        where v.precio_unitario < 0.5 * p.precio or v.precio_unitario > 1.5 * p.precio
        order by v.venta_id;
    - name: precio_lejos_una_muestra
      kind: sql
      severity: WARNING
      sample: 1
      query: |
        select v.venta_id, v.cantidad as unidades, v.cantidad * v.precio_unitario as ingresos
        from ventas v join productos p on p.producto_id = v.producto_id
        where v.precio_unitario < 0.5 * p.precio or v.precio_unitario > 1.5 * p.precio
        order by v.venta_id
    - name: columna_inexistente
      kind: sql
      severity: WARNING
      query: "select venta_id, no_existe from ventas"
    - name: sin_filas
      kind: sql
      severity: WARNING
      query: "with x as (select venta_id from ventas where cantidad < 0) select * from x"
  clientes:
    - { name: email_falta, kind: missing, column: email, severity: ERROR }
    - { name: email_falta_tolerado, kind: missing, column: email, max_percent: 30, severity: ERROR }
    - { name: email_valido, kind: invalid, column: email, pattern: '^[^@ ]+@[^@ ]+\\.[a-z]+$', severity: WARNING }
    - { name: registro_en_rango, kind: invalid, column: fecha_registro, range: { min: 2020-01-01, max: 2025-12-31 }, severity: WARNING }
    - { name: nombre_con_letras, kind: invalid, column: nombre, pattern: '^c[0-9]+$', severity: WARNING }
  inventario:
    - { name: almacen_conocido, kind: invalid, column: almacen, values: [Central, Norte], severity: WARNING }
    - name: almacenes_al_dia
      kind: sql
      severity: WARNING
      query: |
        select i.almacen, max(i.fecha) as ultima_fecha from inventario i
        group by i.almacen having max(i.fecha) < (select max(fecha) from inventario)
`;
