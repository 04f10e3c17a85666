// Declared checks in GraphQL (the existing validation types) and on the report page, on every dialect.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { apiServers, gql } from '../helpers/api-server.ts';
import { runDeclared } from '../helpers/declared-checks.ts';
import { DIALECTS } from '../helpers/dialects.ts';

const CHECKS = `
tables:
  ventas:
    - name: precio_cerca_de_lista
      kind: sql
      severity: WARNING
      description: Sales priced within 50% of their product's list price
      sample: 3
      runbook: |
        # Price far from the list price
        Check the **price list** of the period.
      query: |
        select v.venta_id, v.precio_unitario, p.precio as precio_lista, v.cantidad as unidades, v.cantidad * v.precio_unitario as ingresos
        from ventas v join productos p on p.producto_id = v.producto_id
        where v.precio_unitario < 0.5 * p.precio or v.precio_unitario > 1.5 * p.precio
        order by v.venta_id
    - { name: ventas_no_vacias, kind: row_count, min: 1, severity: CRITICAL }
`;

const QUERY = `{ validacion { id resultados { codigo tipo severidad descripcion aprobado filas_afectadas muestras impacto { unidades ingresos } runbook runbook_texto error } } }`;

describe.each(DIALECTS)('declared checks in the API and the report on %s', (dialect) => {
  const server = apiServers();

  it('serves their severity, rows affected, samples, impact, kind and runbook, and a runbook page', async () => {
    const s = await server({ dialect });
    const db = openDatabase(s.dbPath);
    let run;
    try {
      run = await runDeclared(db, CHECKS, '2025-01-01');
    } finally {
      await db.destroy();
    }
    const stored = run.results.find((r) => r.code === 'precio_cerca_de_lista')!;
    const { body } = await gql(s.url, QUERY);
    expect(body.errors).toBeUndefined();
    expect(body.data.validacion.id).toBe(run.id);
    const [price, count] = body.data.validacion.resultados;
    expect(price).toMatchObject({
      codigo: 'precio_cerca_de_lista',
      tipo: 'sql',
      severidad: 'WARNING',
      descripcion: "Sales priced within 50% of their product's list price",
      aprobado: false,
      filas_afectadas: stored.rowsAffected,
      impacto: stored.impact,
      runbook: 'checks.yml#precio_cerca_de_lista',
      runbook_texto: expect.stringContaining('# Price far from the list price'),
      error: null,
    });
    expect(price.filas_afectadas).toBeGreaterThan(3);
    expect(price.muestras).toHaveLength(3);
    expect(count).toMatchObject({ codigo: 'ventas_no_vacias', tipo: 'row_count', aprobado: true, runbook_texto: null });

    const page = await (await fetch(`${s.url}/`)).text();
    expect(page).toContain('href="/runbooks/precio_cerca_de_lista"');
    const runbook = await fetch(`${s.url}/runbooks/precio_cerca_de_lista`);
    expect(runbook.status).toBe(200);
    const html = await runbook.text();
    expect(html).toContain('Price far from the list price');
    expect(html).toContain('<strong>price list</strong>');
    expect(html).toContain(`data-filas="${stored.rowsAffected}"`);
    // A declared check without a runbook of its own shows the one for declared checks.
    const generic = await (await fetch(`${s.url}/runbooks/ventas_no_vacias`)).text();
    expect(generic).toContain('Declared checks');
    expect((await fetch(`${s.url}/runbooks/not_a_check`)).status).toBe(404);
  });
});
