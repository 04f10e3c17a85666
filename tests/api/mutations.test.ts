import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateData } from '../../src/datagen/generate.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { loadLock } from '../../src/jobs/load-lock.ts';
import { readDeclaredChecks } from '../../src/validation/read-config.ts';
import { apiServers, gql } from '../helpers/api-server.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

/** A fresh folder inside the server's data root (the working directory), under the git-ignored .tmp/. */
function insideRoot(name: string): string {
  const dir = join('.tmp', `${name}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const server = apiServers();
  const newDir = tempDirs();
  const RUN = 'mutation { runValidation(asOf: "2025-01-01") { id estado origen resultados { codigo tipo } } }';

  describe('mutations', () => {
    it('are refused with a clear error when the server has no API_TOKEN', async () => {
      const s = await server({ dialect });
      const { body } = await gql(s.url, RUN, {}, { authorization: 'Bearer anything' });
      expect(body.errors?.[0]).toMatchObject({
        message: 'mutations are disabled: the server has no API_TOKEN configured',
        extensions: { code: 'FORBIDDEN' },
      });
    });

    it.each([
      ['no header', {}],
      ['a wrong token', { authorization: 'Bearer wrong' }],
      ['a token of another scheme', { authorization: 'Basic s3cret' }],
      ['an almost right token', { authorization: 'Bearer s3cre' }],
    ])('are refused with %s', async (_name, headers) => {
      const s = await server({ apiToken: 's3cret', dialect });
      const { body } = await gql(s.url, RUN, {}, headers);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(body)).not.toContain('s3cret');
    });

    it('runValidation stores and returns a run with every check, the 13 built-in ones and those of config/checks.yml', async () => {
      const s = await server({ apiToken: 's3cret', dialect });
      const { body } = await gql(s.url, RUN, {}, { authorization: 'Bearer s3cret' });
      expect(body.errors).toBeUndefined();
      expect(body.data.runValidation).toMatchObject({ estado: 'ERROR', origen: 'api' });
      const results = body.data.runValidation.resultados as Array<{ codigo: string; tipo: string | null }>;
      expect(results.filter((r) => r.tipo === null)).toHaveLength(16);
      expect(results.filter((r) => r.tipo !== null).map((r) => r.codigo)).toEqual(readDeclaredChecks().checks.map((c) => c.name));
    });

    it.each([
      ['an absolute folder elsewhere', () => writeCleanData(newDir())],
      ['a relative escape', () => '../../etc'],
    ])('reload refuses %s (outside the data root)', async (_name, dir) => {
      const s = await server({ apiToken: 's3cret', dialect });
      const { body } = await gql(
        s.url,
        `mutation($d: String!) { reload(dataDir: $d) { id } }`,
        { d: dir() },
        { authorization: 'Bearer s3cret' },
      );
      expect(body.errors?.[0]).toMatchObject({
        message: "dataDir must be a folder inside the server's data root",
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });

    it('reload refuses a folder whose files fall under the share of the previous load, keeping the data', async () => {
      const s = await server({ apiToken: 's3cret', dialect });
      const inside = join('.tmp', `reload-drop-${process.pid}-${Date.now()}`);
      mkdirSync(inside, { recursive: true });
      writeCleanData(inside); // 20 sales where the bundled data loaded 5317
      const { body } = await gql(
        s.url,
        `mutation($d: String!) { reload(dataDir: $d) { id estado error_codigo error_archivo error_mensaje } }`,
        { d: inside },
        { authorization: 'Bearer s3cret' },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.reload).toMatchObject({ id: 2, estado: 'error', error_codigo: 'row_count_drop', error_archivo: 'productos.csv' });
      expect(body.data.reload.error_mensaje).toContain('ventas.csv loaded 20 rows, under 50% of the 5317');
      expect(body.data.reload.error_mensaje).toContain('reload(allowDrop: true)');
      const res = await fetch(`${s.url}/ventas/resumen_por_categoria`);
      // Unchanged: the bundled data's figures, as its manifest states them.
      expect(await res.json()).toEqual(JSON.parse(readFileSync('data/manifest.json', 'utf8')).categorySummary);
    });

    it('reload of a folder inside the data root replaces the data (a large drop accepted with allowDrop)', async () => {
      const s = await server({ apiToken: 's3cret', dialect });
      const inside = join('.tmp', `reload-${process.pid}-${Date.now()}`);
      mkdirSync(inside, { recursive: true });
      writeCleanData(inside);
      const { body } = await gql(
        s.url,
        `mutation($d: String!) { reload(dataDir: $d, allowDrop: true) { id estado archivos { archivo cargadas } } }`,
        { d: inside },
        { authorization: 'Bearer s3cret' },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.reload).toMatchObject({ id: 2, estado: 'ok' });
      expect(body.data.reload.archivos.find((a: any) => a.archivo === 'ventas').cargadas).toBe(20);
      await new Promise((r) => setTimeout(r, 300)); // the summary cache revalidates every 250 ms
      const summary = await (await fetch(`${s.url}/ventas/resumen_por_categoria`)).json();
      // writeCleanData: sale i (0..19) sells (i % 3) + 1 units of product (i % 4) + 1, one product per category.
      const units = [0, 0, 0, 0];
      for (let i = 0; i < 20; i++) units[i % 4]! += (i % 3) + 1;
      expect(summary).toEqual({ Electronicos: units[0], Ropa: units[1], Accesorios: units[2], Almacenamiento: units[3] });
      const { body: latest } = await gql(s.url, '{ validacion { carga_id origen } }');
      expect(latest.data.validacion).toEqual({ carga_id: 2, origen: 'api' });
    });

    it('reload answers LOAD_IN_PROGRESS at once while another load holds the lock, naming the holder without paths', async () => {
      const s = await server({ apiToken: 's3cret', dialect });
      const other = loadLock(s.dbPath);
      expect(await other.lock.acquire()).toMatchObject({ acquired: true });
      try {
        const { body } = await gql(s.url, `mutation { reload(dataDir: "data") { id } }`, {}, { authorization: 'Bearer s3cret' });
        expect(body.errors?.[0]).toMatchObject({
          message: expect.stringMatching(new RegExp(`^another load is in progress: pid ${process.pid} on ${hostname()}, since \\d{4}-`)),
          extensions: { code: 'LOAD_IN_PROGRESS', holder: { host: hostname(), pid: process.pid, since: expect.any(String) } },
        });
        expect(JSON.stringify(body)).not.toContain(tmpdir());
        expect(JSON.stringify(body)).not.toContain(resolve('.'));
      } finally {
        await other.lock.release();
        await other.close();
      }
      const db = openDatabase(s.dbPath);
      expect(await db.selectFrom('cargas').select('id').execute()).toEqual([{ id: 1 }]); // the first load only
      await db.destroy();
    });

    it('reload resolves symbolic links: a link inside the data root to a folder outside is refused', async () => {
      const s = await server({ apiToken: 's3cret', dialect });
      const link = join(insideRoot('reload-link'), 'elsewhere');
      symlinkSync(writeCleanData(newDir()), link);
      const { body } = await gql(
        s.url,
        `mutation($d: String!) { reload(dataDir: $d, allowDrop: true) { id } }`,
        { d: link },
        { authorization: 'Bearer s3cret' },
      );
      expect(body.errors?.[0]).toMatchObject({
        message: "dataDir must be a folder inside the server's data root",
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });

    it('reload refuses a folder inside the data root whose input file links outside it', async () => {
      const s = await server({ apiToken: 's3cret', dialect });
      const inside = insideRoot('reload-file-link');
      writeCleanData(inside);
      const outside = writeCleanData(newDir());
      const { rmSync } = await import('node:fs');
      rmSync(join(inside, 'ventas.csv'));
      symlinkSync(join(outside, 'ventas.csv'), join(inside, 'ventas.csv'));
      const { body } = await gql(
        s.url,
        `mutation($d: String!) { reload(dataDir: $d, allowDrop: true) { id } }`,
        { d: inside },
        { authorization: 'Bearer s3cret' },
      );
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('reload runs the load in another process: /health keeps answering meanwhile', async () => {
      const s = await server({ apiToken: 's3cret', dialect });
      const dir = insideRoot('reload-large');
      await generateData({ out: dir, sales: 50_000, seed: 7 });
      const reload = gql(
        s.url,
        `mutation($d: String!) { reload(dataDir: $d, allowDrop: true) { id estado } }`,
        { d: dir },
        { authorization: 'Bearer s3cret' },
      );
      let done = false;
      void reload.finally(() => (done = true));
      const latencies: number[] = [];
      while (!done) {
        const started = performance.now();
        const res = await fetch(`${s.url}/health`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await reload).body.data.reload).toEqual({ id: 2, estado: 'ok' });
      expect(latencies.length).toBeGreaterThan(5);
      expect(Math.max(...latencies)).toBeLessThan(1_000); // in the server process, the load held it for seconds
      const db = openDatabase(s.dbPath);
      const load = await db.selectFrom('cargas').select(['pid']).where('id', '=', 2).executeTakeFirstOrThrow();
      await db.destroy();
      expect(load.pid).not.toBe(process.pid);
    });

    it('reload of a folder with bad input records a failed load and keeps the data', async () => {
      const s = await server({ apiToken: 's3cret', dialect });
      const { body } = await gql(
        s.url,
        `mutation { reload(dataDir: "docs") { id estado error_codigo error_archivo } }`,
        {},
        { authorization: 'Bearer s3cret' },
      );
      expect(body.data.reload).toMatchObject({ estado: 'error', error_codigo: 'missing_file', error_archivo: 'productos.csv' });
      const res = await fetch(`${s.url}/ventas/resumen_por_categoria`);
      expect(Object.keys(await res.json())).toHaveLength(4);
    });
  });
});
