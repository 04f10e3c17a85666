// The rows a sales page nests (product, category, client) are read once per load, not once per request.
import { describe, expect, it } from 'vitest';
import { apiServers, gql } from '../helpers/api-server.ts';
import { DIALECTS } from '../helpers/dialects.ts';

const server = apiServers();
const PAGE =
  '{ ventas(first: 100) { nodes { venta_id producto { nombre categoria { nombre } } cliente { cliente_id } ciudad { nombre } } } }';
const nested = (statements: string[]) => statements.filter((q) => /from "(productos|categorias|clientes|ciudades)"/i.test(q));

describe.each(DIALECTS)('on %s', (dialect) => {
  it('a repeated page reads only the sales: products, categories, clients and cities come from the per-load cache', async () => {
    const s = await server({ dialect });
    const first = await gql(s.url, PAGE);
    expect(first.body.errors).toBeUndefined();
    expect(nested(s.statements).length).toBeGreaterThan(0);
    s.statements.length = 0;
    const again = await gql(s.url, PAGE);
    expect(again.body).toEqual(first.body);
    expect(nested(s.statements)).toEqual([]);
    expect(s.statements.filter((q) => /from "ventas"/i.test(q))).toHaveLength(1);
  });

  it('reads them again after a mutation wrote through the API', async () => {
    const s = await server({ dialect, apiToken: 's3cret' });
    await gql(s.url, PAGE);
    const run = await gql(s.url, 'mutation { runValidation(asOf: "2025-01-01") { id } }', {}, { authorization: 'Bearer s3cret' });
    expect(run.body.errors).toBeUndefined();
    s.statements.length = 0;
    await gql(s.url, PAGE);
    expect(s.statements.some((q) => /from "cargas"/i.test(q))).toBe(true);
    expect(nested(s.statements).length).toBeGreaterThan(0);
  });
});
