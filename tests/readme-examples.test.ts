// The README's examples run against a real server, so they cannot rot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiServers, gql } from './helpers/api-server.ts';

const readme = readFileSync('README.md', 'utf8');
const graphqlBlocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
const server = apiServers();

describe('README examples', () => {
  it('has GraphQL examples', () => {
    expect(graphqlBlocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(graphqlBlocks.map((q, i) => [i + 1, q]))('GraphQL example %i runs without errors and returns data', async (_i, query) => {
    const s = await server();
    const { status, body } = await gql(s.url, query as string);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data).every((v) => v !== null)).toBe(true);
  });

  it('shows the REST summary the server really answers for the bundled data', async () => {
    const s = await server();
    const shown = readme.match(/curl http:\/\/localhost:5000\/ventas\/resumen_por_categoria\n# (.*)\n/)?.[1];
    const real = await (await fetch(`${s.url}/ventas/resumen_por_categoria`)).text();
    expect(shown).toBe(real);
  });

  it('shows a mutation call that works with the token it sets', async () => {
    const s = await server({ apiToken: 's3cret' });
    const body = readme.match(/-d '(\{"query":"mutation[^']*)'/)?.[1];
    expect(body).toBeDefined();
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' },
      body: body!,
    });
    const json = (await res.json()) as { data?: { runValidation?: { estado: string } }; errors?: unknown };
    expect(json.errors).toBeUndefined();
    expect(json.data?.runValidation?.estado).toBe('ERROR');
  });

  it('shows a shareable quarantine filter link that filters the report page', async () => {
    const s = await server();
    const link = readme.match(/`(\/\?archivo=[^`#]+)#cuarentena`/)?.[1];
    expect(link).toBeDefined();
    const params = new URL(link!, s.url).searchParams;
    const page = await (await fetch(s.url + link!)).text();
    const { body } = await gql(s.url, 'query($a: String, $r: String) { cuarentena(archivo: $a, razon: $r) { totalCount } }', {
      a: params.get('archivo'),
      r: params.get('razon'),
    });
    expect(body.data.cuarentena.totalCount).toBeGreaterThan(0);
    expect(page).toContain(`<p id="cuarentena-total" data-value="${body.data.cuarentena.totalCount}"`);
  });
});
