// WEB_CONCURRENCY=2: `npm start`'s entry point as two worker processes sharing one port (node:cluster). The
// per-load caches stay right in the worker that did not run a reload, and SIGTERM lets in-flight requests finish.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import { webConcurrency } from '../../src/process/cluster.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs('ventas-cluster-');
const manifest = JSON.parse(readFileSync('data/manifest.json', 'utf8')) as { categorySummary: Record<string, number> };
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** A database loaded with data/, served by src/server.ts with WEB_CONCURRENCY=2 on a free port. */
async function startCluster(dialect: (typeof DIALECTS)[number]) {
  const dir = newDir();
  const databaseUrl = await freshDatabaseUrl(dialect, dir);
  const setup = openDatabase(databaseUrl);
  await migrateToLatest(setup);
  await loadAndValidate(setup, { dataDir: 'data', asOf: '2025-01-01', origin: 'test' });
  await setup.destroy();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      WEB_CONCURRENCY: '2',
      PORT: '0',
      API_TOKEN: 's3cret',
      DATA_ROOT: '.',
      LOG_DIR: join(dir, 'logs'),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stderr!.on('data', (c) => (output += c));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      output += c;
      const m = /serving .* on http:\/\/localhost:(\d+)\//.exec(output);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before serving:\n${output}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, port, output: () => output };
}

/** One request on a connection of its own: the primary hands new connections to the workers in turn. */
function fresh(port: number, path: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', agent: false, headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('WEB_CONCURRENCY', () => {
  it('is 1 when unset, the cores for auto, and refuses anything but a whole number from 1', () => {
    expect(webConcurrency(undefined)).toBe(1);
    expect(webConcurrency(' 3 ')).toBe(3);
    expect(webConcurrency('auto', 8)).toBe(8);
    for (const bad of ['0', '-1', '1.5', 'two', '65']) expect(() => webConcurrency(bad)).toThrow(/WEB_CONCURRENCY must be/);
  });
});

// One cluster per engine for both tests (three Node processes each): the reload first, then the stop.
describe.each(DIALECTS)('two server processes on %s', { timeout: 360_000 }, (dialect) => {
  let s: Awaited<ReturnType<typeof startCluster>>;
  beforeAll(async () => {
    s = await startCluster(dialect);
  }, 360_000);

  it('show the new load in both after a reload through one, even while both were answering from their caches', async () => {
    // Both workers keep their summary cache fresh (checked within the last 250 ms) the whole time.
    let hammering = true;
    const hammer = (async () => {
      while (hammering) {
        await fresh(s.port, '/ventas/resumen_por_categoria').catch(() => {});
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    for (let i = 0; i < 4; i++)
      expect(JSON.parse((await fresh(s.port, '/ventas/resumen_por_categoria')).body)).toEqual(manifest.categorySummary);

    const folder = join('.tmp', `cluster-reload-${process.pid}-${Date.now()}`);
    mkdirSync(folder, { recursive: true });
    writeCleanData(folder);
    const reload = await fresh(s.port, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' },
      body: JSON.stringify({
        query: 'mutation($d: String!) { reload(dataDir: $d, allowDrop: true) { id estado } }',
        variables: { d: folder },
      }),
    });
    expect(JSON.parse(reload.body)).toEqual({ data: { reload: { id: 2, estado: 'ok' } } });

    // writeCleanData: sale i (0..19) sells (i % 3) + 1 units of product (i % 4) + 1, one product per category.
    const units = [0, 0, 0, 0];
    for (let i = 0; i < 20; i++) units[i % 4]! += (i % 3) + 1;
    const expected = { Electronicos: units[0], Ropa: units[1], Accesorios: units[2], Almacenamiento: units[3] };
    // At once, on new connections, which the primary hands to both workers in turn.
    const answers = await Promise.all(Array.from({ length: 8 }, () => fresh(s.port, '/ventas/resumen_por_categoria')));
    for (const a of answers) expect(JSON.parse(a.body)).toEqual(expected);
    const pages = await Promise.all(
      Array.from({ length: 4 }, () =>
        fresh(s.port, '/graphql?query=' + encodeURIComponent('{ ventas(first: 1) { nodes { producto { nombre } } } }')),
      ),
    );
    for (const p of pages) expect(JSON.parse(p.body).data.ventas.nodes[0].producto.nombre).toBe('Laptop');
    hammering = false;
    await hammer;
  });

  it('finish a request in flight on SIGTERM, then exit 0 and accept no more', async () => {
    const body = JSON.stringify({ query: '{ ventas(first: 3) { nodes { venta_id } } }' });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: s.port,
          path: '/graphql',
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after the stop signal: the request is in flight when it arrives.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        s.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 500);
    });
    const exited = once(s.child, 'exit');
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).data.ventas.nodes).toHaveLength(3);
    const [code] = await exited;
    expect(code).toBe(0);
    running.delete(s.child);
    await expect(fresh(s.port, '/health')).rejects.toThrow(/ECONNREFUSED/);
  });
});
