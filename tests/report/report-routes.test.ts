// The report's HTTP surface: headers that keep the page safe, the runbook pages, the assets, and errors.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazyDatabase } from '../../src/api/database-handle.ts';
import { apiServers } from '../helpers/api-server.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const server = apiServers();
const newDir = tempDirs();

describe('GET /', () => {
  it('serves the report as HTML with a strict content security policy and no inline script', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await res.text();
    for (const id of ['resumen', 'carga', 'validacion', 'historial', 'ventas', 'cuarentena']) expect(page).toContain(`<section id="${id}"`);
    // Every <script> either loads one of our assets or holds JSON data, never code.
    const scripts = [...page.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!.trim());
    expect(scripts).toEqual([
      'src="/assets/chart.umd.min.js" defer',
      'src="/assets/report.js" defer',
      'type="application/json" id="datos-informe"',
    ]);
    expect(page).not.toMatch(/https?:\/\/(?!localhost)/); // no CDN
  });

  it('links every check to a runbook page that exists', async () => {
    const s = await server();
    const page = await (await fetch(`${s.url}/`)).text();
    const links = [...page.matchAll(/class="runbook" href="([^"]+)"/g)].map((m) => m[1]!);
    // declared_checks.md is for checks declared in config/checks.yml, which this load does not run.
    const files = readdirSync('docs/runbooks')
      .filter((f) => f !== 'README.md' && f !== 'declared_checks.md')
      .map((f) => `/runbooks/${f.replace(/\.md$/, '')}`);
    expect(links.sort()).toEqual(files.sort());
    for (const link of links) expect((await fetch(s.url + link)).status).toBe(200);
  });

  it('answers 503 with a page saying why, without internals, when the database cannot be read', async () => {
    const s = await server({ database: () => lazyDatabase(join(newDir(), 'none.db')) });
    const res = await fetch(`${s.url}/`);
    expect(res.status).toBe(503);
    const page = await res.text();
    expect(page).toContain('The report cannot be shown');
    expect(page).toContain('DATABASE_UNAVAILABLE');
    expect(page).not.toMatch(/none\.db|\/tmp|stack/i);
  });

  it('shows a bad quarantine cursor as a message in its section, the rest of the report intact', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/?after=not-a-cursor`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/<p class="alert" role="alert">The quarantine cannot be shown: [^<]*cursor/i);
    expect(page).toContain('id="tabla-validacion"');
  });

  it('refuses other methods with 405', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('GET /runbooks/:code', () => {
  it('lists the runbooks at /runbooks/', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/runbooks/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/runbooks/negative_stock"');
  });

  it('stays readable, with a note, when the database cannot be read', async () => {
    const s = await server({ database: () => lazyDatabase(join(newDir(), 'none.db')) });
    const res = await fetch(`${s.url}/runbooks/negative_stock`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('The latest result cannot be shown');
    expect(page).toContain('What to do');
    expect(page).not.toMatch(/none\.db|\/tmp/);
  });

  it.each(['nope', '..%2F..%2Fpackage.json', '..%2fREADME', 'NEGATIVE_STOCK', '%00'])(
    'answers 404 for %s, reading nothing outside the runbooks',
    async (code) => {
      const s = await server();
      const res = await fetch(`${s.url}/runbooks/${code}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('"dependencies"');
    },
  );
});

describe('assets', () => {
  it('serves Chart.js from node_modules, gzipped on request, with an ETag that answers 304', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/assets/chart.umd.min.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toContain('Chart.js'); // fetch gunzips it
    const plain = await fetch(`${s.url}/assets/report.css`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${s.url}/assets/chart.umd.min.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for any other asset path', async () => {
    const s = await server();
    expect((await fetch(`${s.url}/assets/../package.json`)).status).toBe(404);
    expect((await fetch(`${s.url}/assets/nothing.js`)).status).toBe(404);
  });
});
