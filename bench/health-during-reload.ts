// Benchmark: `npm run bench:health-during-reload -- [--sales N | --shape A] [--interval-ms 10]` starts the real
// server (compiled, as `npm start`) on a temporary SQLite database holding the bundled data, fires the `reload`
// mutation on a large data set (default 1,000,000 sales, generated once into bench/.cache/), and meanwhile asks
// GET /health every --interval-ms, one request at a time. Prints /health latency (p50, p99, max) idle and
// during the reload, and the reload's time. Target: p99 under 50 ms during the reload (exit 1 when missed).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ShapeName } from '../src/datagen/shapes.ts';
import { dataSet } from './etl-data.ts';

const { values } = parseArgs({
  options: { sales: { type: 'string' }, shape: { type: 'string' }, 'interval-ms': { type: 'string', default: '10' } },
});
const intervalMs = Number(values['interval-ms']);
const spec = values.shape ? { shape: values.shape as ShapeName, scale: 1 } : { sales: Number(values.sales ?? 1_000_000) };
const TARGET_P99_MS = 50;
const TOKEN = 'bench-token';

const set = await dataSet(spec);
const work = mkdtempSync(join(tmpdir(), 'bench-health-'));
let server: ChildProcess | null = null;
process.on('exit', () => {
  server?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** The compiled server, as `npm start` runs it, on the bundled data; resolves with its base URL. */
async function startServer(): Promise<string> {
  server = spawn(process.execPath, ['dist/src/server.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: join(work, 'empresa.db'),
      LOG_DIR: join(work, 'logs'),
      DATA_DIR: 'data',
      DATA_ROOT: resolve('.'),
      API_TOKEN: TOKEN,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = '';
  server.stdout!.setEncoding('utf8');
  return new Promise((ok, fail) => {
    server!.stdout!.on('data', (chunk: string) => {
      seen += chunk;
      const m = /on http:\/\/localhost:(\d+)\//.exec(seen);
      if (m) ok(`http://127.0.0.1:${m[1]}`);
    });
    server!.once('exit', (code) => fail(new Error(`the server exited (${code}) before listening:\n${seen}`)));
  });
}

/** GET /health one at a time until `until` resolves; each request's latency in ms. */
async function pollHealth(url: string, until: Promise<unknown>): Promise<{ latencies: number[]; notOk: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  let notOk = 0;
  while (!done) {
    const started = performance.now();
    const res = await fetch(`${url}/health`);
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status !== 200) notOk++;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return { latencies, notOk };
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? NaN };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

const url = await startServer();
// A second of warm-up (first requests compile the route), not counted; then 3 s idle as the baseline.
await pollHealth(url, new Promise((r) => setTimeout(r, 1_000)));
const idle = await pollHealth(url, new Promise((r) => setTimeout(r, 3_000)));

const started = performance.now();
const reload = fetch(`${url}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
  body: JSON.stringify({
    query: `mutation($d: String!) { reload(dataDir: $d, allowDrop: true) { id estado archivos { archivo cargadas } } }`,
    variables: { d: relative('.', set.dir) },
  }),
}).then(
  (r) =>
    r.json() as Promise<{
      data?: { reload: { id: number; estado: string; archivos: Array<{ archivo: string; cargadas: number }> } };
      errors?: unknown[];
    }>,
);
const during = await pollHealth(url, reload);
const reloadSeconds = (performance.now() - started) / 1000;
const result = await reload;
if (!result.data || result.data.reload.estado !== 'ok') throw new Error(`the reload failed: ${JSON.stringify(result)}`);
const sales = result.data.reload.archivos.find((a) => a.archivo === 'ventas')?.cargadas;

const a = stats(idle.latencies);
const b = stats(during.latencies);
console.log(
  `data: ${set.label} (${set.summary}); ${sales?.toLocaleString('en')} sales loaded by the reload in ${reloadSeconds.toFixed(1)} s`,
);
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} at the end (other jobs skew the figures); /health asked one request at a time, ${intervalMs} ms apart`,
);
console.log('');
console.log('| /health | requests | p50 | p99 | max | not 200 |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
console.log(`| idle (3 s) | ${a.n} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(a.max)} | ${idle.notOk} |`);
console.log(`| during the reload | ${b.n} | ${ms(b.p50)} | ${ms(b.p99)} | ${ms(b.max)} | ${during.notOk} |`);
console.log('');
const met = b.p99 < TARGET_P99_MS;
console.log(`target: p99 under ${TARGET_P99_MS} ms during the reload: ${met ? 'met' : 'MISSED'}`);
server!.kill('SIGTERM');
process.exitCode = met ? 0 : 1;
