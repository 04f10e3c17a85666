import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lazyDatabase } from '../../src/api/database-handle.ts';
import { apiServers } from '../helpers/api-server.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const server = apiServers();
const newDir = tempDirs();
const manifest = JSON.parse(readFileSync('data/manifest.json', 'utf8')) as { categorySummary: Record<string, number> };

describe('GET /ventas/resumen_por_categoria', () => {
  it.each(DIALECTS)(
    'answers the units sold per category on %s, every category present, equal to the generator manifest',
    async (dialect) => {
      const s = await server({ dialect });
      const res = await fetch(`${s.url}/ventas/resumen_por_categoria`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual(manifest.categorySummary);
    },
  );

  it('does not aggregate the sales table per request', async () => {
    const s = await server();
    await fetch(`${s.url}/ventas/resumen_por_categoria`);
    s.statements.length = 0;
    for (let i = 0; i < 5; i++) await fetch(`${s.url}/ventas/resumen_por_categoria`);
    expect(s.statements.filter((q) => /from "ventas"/i.test(q))).toEqual([]);
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/ventas/resumen_por_categoria`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toEqual({ error: 'method not allowed: use GET' });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/ventas/otra_cosa`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('not found') });
  });

  const broken: Array<[string, (dir: string) => string]> = [
    ['missing', (dir) => join(dir, 'none.db')],
    [
      'corrupt',
      (dir) => (writeFileSync(join(dir, 'corrupt.db'), 'this is not a database, just text '.repeat(200)), join(dir, 'corrupt.db')),
    ],
    ['unreadable (a folder where the file should be)', (dir) => (mkdirSync(join(dir, 'folder.db')), join(dir, 'folder.db'))],
  ];
  it.each(broken)('answers 500 with a JSON error and no internals when the database file is %s', async (_name, make) => {
    const path = make(newDir());
    const s = await server({ database: () => lazyDatabase(path) });
    const res = await fetch(`${s.url}/ventas/resumen_por_categoria`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'the sales database cannot be read' });
    expect(text).not.toMatch(/sqlite|\/tmp|\.db|stack|Error:/i);
  });
});

describe('GET /health', () => {
  it('is ready with the last load when the database is migrated and loaded', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ready',
      live: true,
      checks: { database: true, migrations: true, load: true },
      lastLoad: { id: 1 },
    });
  });

  it('is live but not ready when the database cannot be read', async () => {
    const s = await server({ database: () => lazyDatabase(join(newDir(), 'none.db')) });
    const res = await fetch(`${s.url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not_ready', live: true, checks: { database: false } });
  });
});
