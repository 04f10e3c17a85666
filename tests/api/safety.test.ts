import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../src/app.ts';
import { apiServers, gql } from '../helpers/api-server.ts';

const server = apiServers();
const HOSTILE = [
  "' OR 1=1 --",
  '"; DROP TABLE ventas; --',
  "Robert'); DELETE FROM ventas; --",
  '%',
  '\\x00\u0000',
  '../../etc/passwd',
  'a'.repeat(5000),
];

function salesCount(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from ventas').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('hostile input', () => {
  it('binds injection strings in every argument as values: no error leaks, nothing changes', async () => {
    const s = await server({ apiToken: 's3cret' });
    const before = salesCount(s.dbPath);
    const queries = [
      ['query($x: String) { ventas(filter: { categoria: $x }) { totalCount } }', 'ventas'],
      ['query($x: String) { ventas(filter: { ciudad: $x }) { totalCount } }', 'ventas'],
      ['query($x: Fecha) { ventas(filter: { fechaDesde: $x }) { totalCount } }', null],
      ['query($x: String) { ventas(after: $x) { totalCount } }', null],
      ['query($x: String) { productos(categoria: $x) { totalCount nodes { nombre } } }', 'productos'],
      ['query($x: String) { clientes(ciudad: $x) { totalCount nodes { cliente_id } } }', 'clientes'],
      ['query($x: String) { cuarentena(archivo: $x, razon: $x) { totalCount } }', 'cuarentena'],
      ['query($x: String) { inventario(filter: { almacen: $x }) { totalCount } }', 'inventario'],
      ['mutation($x: Fecha) { runValidation(asOf: $x) { id } }', null],
      ['mutation($x: String!) { reload(dataDir: $x) { estado } }', null],
    ] as const;
    for (const [query, field] of queries) {
      for (const x of HOSTILE) {
        const { status, body } = await gql(s.url, query, { x }, { authorization: 'Bearer s3cret' });
        expect(status).toBeLessThan(500);
        const text = JSON.stringify(body);
        expect(text).not.toMatch(/sqlite|syntax error|no such|SELECT|stack/i);
        if (field === 'ventas') expect(body.data.ventas.totalCount).toBe(0);
        else if (field) expect(body.data[field].totalCount).toBe(0);
        else if (body.errors) expect(['BAD_USER_INPUT', 'LOAD_FAILED']).toContain(body.errors[0]!.extensions?.code);
      }
    }
    expect(salesCount(s.dbPath)).toBe(before);
  });

  it('refuses queries deeper than the limit', async () => {
    const s = await server();
    let inner = 'nombre';
    for (let i = 0; i < 4; i++) inner = `productos(first: 1) { nodes { categoria { ${inner} } } }`;
    const { body } = await gql(s.url, `{ categorias(first: 1) { nodes { ${inner} } } }`);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses wide queries with too many aliases', async () => {
    const s = await server();
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases.n + 5 }, (_, i) => `a${i}: ventas(first: 100) { totalCount }`).join(' ');
    const { body } = await gql(s.url, `{ ${aliases} }`);
    expect(body.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses documents with too many tokens before validating them', async () => {
    const s = await server();
    const fields = Array.from({ length: QUERY_LIMITS.maxTokens.n + 500 }, () => 'venta_id').join(' ');
    const { body } = await gql(s.url, `{ ventas { nodes { ${fields} } } }`);
    expect(body.errors?.[0]).toMatchObject({
      message: `Syntax Error: Token limit of ${QUERY_LIMITS.maxTokens.n} exceeded.`,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });

  it('refuses documents over the cost limit before running them', async () => {
    const s = await server();
    // Every field of a sale, twice (nodes and edges), on a page of 100: about 5,400.
    const sale =
      'venta_id fecha cantidad precio_unitario importe cliente_id linea producto { producto_id nombre precio linea categoria { id nombre } } cliente { cliente_id fecha_registro linea ciudad { id nombre } } ciudad { id nombre }';
    s.statements.length = 0;
    const { body } = await gql(s.url, `query($n: Int) { ventas(first: $n) { nodes { ${sale} } edges { cursor node { ${sale} } } } }`, {
      n: 100,
    });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(s.statements).toEqual([]);
    expect((await gql(s.url, `query($n: Int) { ventas(first: $n) { nodes { ${sale} } } }`, { n: 100 })).body.errors).toBeUndefined();
  });

  it('refuses a document of 1000 repeated fields at validation', async () => {
    const s = await server();
    const fields = Array.from({ length: 1000 }, () => 'venta_id').join(' ');
    const { body } = await gql(s.url, `{ ventas { nodes { ${fields} } } }`);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an oversize body with 413 before parsing it', async () => {
    const s = await server({ maxBodyBytes: 1024 });
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ categorias { nombre } } # ${'x'.repeat(4096)}` }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'request body larger than 1024 bytes' });
  });

  it('masks unexpected errors: no SQL, path or stack reaches the client', async () => {
    const s = await server();
    const db = new Database(s.dbPath);
    db.exec('drop table inventario');
    db.close();
    const { body } = await gql(s.url, '{ inventario { totalCount } }');
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(body)).not.toMatch(/inventario"? *\(|no such table|sqlite|\/tmp|at /i);
  });

  it('serves queries over GET and refuses mutations over GET', async () => {
    const s = await server({ apiToken: 's3cret' });
    const q = await fetch(`${s.url}/graphql?query=${encodeURIComponent('{ categorias { nodes { nombre } } }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(q.status).toBe(200);
    expect(((await q.json()) as any).data.categorias.nodes).toHaveLength(4);
    const m = await fetch(`${s.url}/graphql?query=${encodeURIComponent('mutation { runValidation { id } }')}`, {
      headers: { accept: 'application/json', authorization: 'Bearer s3cret' },
    });
    expect(m.status).toBe(405);
  });

  it('renders GraphiQL for browsers without loading anything from a CDN', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Ventas: GraphQL explorer</title>');
    expect(html).not.toMatch(/<script[^>]+src="https?:|<link[^>]+href="https?:/);
  });
});
