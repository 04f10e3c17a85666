// Benchmark: `npm run bench:api -- [--duration S] [--sales N]` loads the real HTTP app with autocannon and
// compares it, in the same run, with a bare node:http server answering a constant JSON string (the ceiling):
// the REST category summary at 50 connections on the bundled 5,500 sales and on N generated sales (default
// 1,000,000), and a GraphQL page of 100 sales with nested product, category and client at 10 connections on
// the large database, and the report page (`GET /`) at 10 connections on it; then the REST summary and the GraphQL
// page again with WEB_CONCURRENCY=N (`--processes N`, default 2). With BENCH_POSTGRES_URL, the large set is also
// served from a fresh PostgreSQL database (dropped at the end). Prints markdown tables for BENCHMARKS.md.
import { deepStrictEqual } from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { generateData } from '../src/datagen/generate.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../src/db/create-postgres-database.ts';

// With BENCH_POSTGRES_URL (a server where databases may be created), the large set is also served from PostgreSQL.
const pgAdmin = process.env.BENCH_POSTGRES_URL;
const pgCreated: string[] = [];
const freshPostgresUrl = async () => {
  const url = await createPostgresDatabase(pgAdmin!, 'bench_api');
  pgCreated.push(url);
  return url;
};
/** The databases this run created on BENCH_POSTGRES_URL's server are dropped at the end (a 1M-sale load is ~300 MB). */
async function dropPostgresDatabases(): Promise<void> {
  for (const url of pgCreated.splice(0)) await dropPostgresDatabase(pgAdmin!, url);
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    sales: { type: 'string', default: '1000000' },
    processes: { type: 'string', default: '2' },
  },
});
// --processes N[,M]: the REST summary and the GraphQL page on the large set again with WEB_CONCURRENCY=N (0 or 1: none).
const processCounts = values.processes
  .split(',')
  .map(Number)
  .filter((n) => n > 1);
if (processCounts.some((n) => !Number.isInteger(n) || n > 64))
  throw new Error(`--processes must list whole numbers, got ${values.processes}`);
const duration = Number(values.duration);
const sales = Number(values.sales);
if (!Number.isInteger(duration) || duration < 1) throw new Error(`--duration must be a whole number of seconds, got ${values.duration}`);
if (!Number.isInteger(sales) || sales < 1) throw new Error(`--sales must be a positive whole number, got ${values.sales}`);

const WARMUP_SECONDS = 2;
const SUMMARY_PATH = '/ventas/resumen_por_categoria';
const GRAPHQL_BODY = JSON.stringify({
  query:
    '{ ventas(first: 100) { nodes { venta_id fecha cantidad precio_unitario producto { nombre categoria { nombre } } cliente { cliente_id fecha_registro } } } }',
});
const TARGET_SHARE_OF_CEILING = 0.7;
const TARGET_P99_GROWTH = 2;
const TARGET_GRAPHQL_P99_MS = 20;

const smallDir = resolve('data');
const largeDir = resolve('bench/.cache', `sales-${sales}`);
if (!existsSync(join(largeDir, 'manifest.json'))) {
  console.error(`generating ${sales.toLocaleString('en')} sales into ${largeDir} ...`);
  await generateData({ sales, seed: 7, out: largeDir });
}
type Manifest = { categorySummary: Record<string, number> };
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const smallManifest = readManifest(smallDir);
const largeManifest = readManifest(largeDir);

const work = mkdtempSync(join(tmpdir(), 'bench-api-'));
const children = new Set<ChildProcess>();
// A failed run must not leave servers holding ports or the temp databases behind.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Runs a TypeScript entry point the way the npm scripts do, as its own process; returns its stdout. */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** A fresh database migrated and seeded by the real commands; returns its path and how many sales it loaded. */
function prepareDatabase(name: string, dataDir: string, databaseUrl?: string): { url: string; loadedSales: number } {
  const url = databaseUrl ?? join(work, `${name}.db`);
  const env = { ...process.env, DATABASE_URL: url, LOG_DIR: join(work, `logs-${name}`) };
  runScript('scripts/migrate.ts', [], env);
  const out = runScript('seeds/seed.ts', ['--data-dir', dataDir, '--json'], env);
  const report = JSON.parse(out) as { status: string; files?: { ventas?: { loaded: number } } };
  if (report.status !== 'ok' || !report.files?.ventas) throw new Error(`seed of ${dataDir} failed: ${out}`);
  return { url, loadedSales: report.files.ventas.loaded };
}

// Both cores are busy during a measurement (autocannon on one, the server on the other), so req/s can be
// bounded by the load generator as much as by the server; the server's own CPU time per request is not.
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU seconds (user + system) a process has used so far; null where /proc is not available. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the state, field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return null;
  }
}

/** CPU seconds of a process and its descendants (the workers of WEB_CONCURRENCY); null where /proc is not available. */
function treeCpuSeconds(pid: number | undefined): number | null {
  const own = cpuSeconds(pid);
  if (own === null) return null;
  let total = own;
  try {
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean))
      total += treeCpuSeconds(Number(child)) ?? 0;
  } catch {
    // No children file: the process alone.
  }
  return total;
}

/** CPU seconds of the whole machine so far, busy and in all; null where /proc/stat is not available. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: (total - idle) / clockTicks, total: total / clockTicks };
  } catch {
    return null;
  }
}

// Another job on the machine (tests, a build) skews every figure on 2 cores: the CPU the machine spent
// beyond our two processes during each measurement shows whether that happened.
let worstOtherShare = 0;

interface Server {
  url: string;
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

/** Starts a server script in a child process and waits until it prints the port it listens on. */
async function startServer(script: string, env: Record<string, string>): Promise<Server> {
  const listeners = Number(env.WEB_CONCURRENCY ?? 1);
  // NODE_ENV=production as `npm start` sets it (graphql-js then skips its development-only checks).
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const port = await new Promise<number>((resolvePort, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start listening within 30 s`)), 30_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      seen += chunk;
      // With WEB_CONCURRENCY every worker says it listens (on the same port); all must before measuring.
      const lines = [...seen.matchAll(/^listening (\d+)$/gm)];
      const match = lines.length >= listeners ? lines[0] : null;
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? signal}) before listening`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    cpuSeconds: () => treeCpuSeconds(child.pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      children.delete(child);
    },
  };
}

interface Request {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Measurement {
  requestsPerSecond: number;
  /** From every 2xx response's own duration: autocannon's latency histogram keeps whole milliseconds only. */
  p50: number;
  p99: number;
  histogramP50: number;
  histogramP99: number;
  requests: number;
  /** The server process's CPU time per response, in microseconds; null without /proc. */
  serverCpuMicros: number | null;
}

function assertClean(name: string, r: Result): void {
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r['2xx'] === 0) {
    throw new Error(
      `${name}: ${r['2xx']} 2xx, ${r.non2xx} non-2xx responses, ${r.errors} errors, ${r.timeouts} timeouts; status codes ${JSON.stringify(r.statusCodeStats)}`,
    );
  }
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

/** Warms the target up (discarded), then loads it for `duration` seconds. */
async function measure(name: string, server: Server, path: string, connections: number, request: Request = {}): Promise<Measurement> {
  const url = server.url + path;
  console.error(`${name}: ${WARMUP_SECONDS} s warm-up, ${duration} s at ${connections} connections ...`);
  assertClean(`${name} (warm-up)`, await autocannon({ url, connections, duration: WARMUP_SECONDS, ...request }));
  const times: number[] = [];
  const cpuBefore = server.cpuSeconds();
  const machineBefore = machineCpu();
  const ownBefore = process.cpuUsage();
  const instance = autocannon({ url, connections, duration, ...request });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const result = await instance;
  const cpuAfter = server.cpuSeconds();
  const machineAfter = machineCpu();
  const own = process.cpuUsage(ownBefore);
  if (machineBefore && machineAfter && cpuBefore !== null && cpuAfter !== null) {
    const other = machineAfter.busy - machineBefore.busy - (cpuAfter - cpuBefore) - (own.user + own.system) / 1e6;
    const share = Math.max(0, other / (machineAfter.total - machineBefore.total));
    worstOtherShare = Math.max(worstOtherShare, share);
    if (share > 0.05) console.error(`warning: ${(share * 100).toFixed(0)}% of the machine's CPU went to other work during "${name}"`);
  }
  assertClean(name, result);
  const sorted = Float64Array.from(times).sort();
  return {
    requestsPerSecond: result.requests.average,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    histogramP50: result.latency.p50,
    histogramP99: result.latency.p99,
    requests: sorted.length,
    serverCpuMicros: cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) / sorted.length) * 1e6,
  };
}

/** The summary must answer exactly the categories the generator says it put in the data. */
async function checkSummary(server: Server, manifest: Manifest, label: string): Promise<string> {
  const res = await fetch(server.url + SUMMARY_PATH);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`summary on ${label}: HTTP ${res.status}: ${body}`);
  deepStrictEqual(JSON.parse(body), manifest.categorySummary, `summary on ${label} differs from the manifest`);
  return body;
}

/** The measured GraphQL request must really return a full page without errors (those still come as 200). */
async function checkGraphql(server: Server): Promise<number> {
  const res = await fetch(server.url + '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: GRAPHQL_BODY });
  const text = await res.text();
  const json = JSON.parse(text) as { errors?: unknown[]; data?: { ventas?: { nodes?: Array<{ producto?: { categoria?: unknown } }> } } };
  const nodes = json.data?.ventas?.nodes;
  if (res.status !== 200 || json.errors || nodes?.length !== 100 || !nodes.every((n) => n.producto?.categoria)) {
    throw new Error(`GraphQL check failed (HTTP ${res.status}): ${text.slice(0, 500)}`);
  }
  return Buffer.byteLength(text);
}

/** The report page must really render (its tables filled from the API), not an error page. */
async function checkReport(server: Server): Promise<number> {
  const res = await fetch(`${server.url}/`);
  const text = await res.text();
  if (res.status !== 200 || !text.includes('id="tabla-validacion"') || !text.includes('id="tabla-cuarentena"')) {
    throw new Error(`report page check failed (HTTP ${res.status}): ${text.slice(0, 500)}`);
  }
  return Buffer.byteLength(text);
}

try {
  console.error(`preparing databases in ${work} ...`);
  const small = prepareDatabase('small', smallDir);
  const large = prepareDatabase('large', largeDir);
  // The seed leaves hundreds of MB of dirty pages; their write-back must not land inside a measurement.
  spawnSync('sync');

  // The ceiling is measured first and last, and the higher of the two is the reference: drift over the run
  // then counts against the app, never for it.
  const ceilingBody = JSON.stringify(smallManifest.categorySummary);
  const measureCeiling = async (when: string) => {
    const server = await startServer('bench/serve-constant.ts', { BODY: ceilingBody });
    const m = await measure(`ceiling (${when})`, server, '/', 50);
    await server.stop();
    return m;
  };
  const ceilingFirst = await measureCeiling('first');

  const smallServer = await startServer('bench/serve-app.ts', { DATABASE_URL: small.url, LOG_DIR: join(work, 'logs-small') });
  const smallBody = await checkSummary(smallServer, smallManifest, '5,500 sales');
  const restSmall = await measure('REST summary, 5,500 sales', smallServer, SUMMARY_PATH, 50);
  await smallServer.stop();

  const largeServer = await startServer('bench/serve-app.ts', { DATABASE_URL: large.url, LOG_DIR: join(work, 'logs-large') });
  const largeBody = await checkSummary(largeServer, largeManifest, `${sales.toLocaleString('en')} sales`);
  const graphqlBytes = await checkGraphql(largeServer);
  const restLarge = await measure(`REST summary, ${sales.toLocaleString('en')} sales`, largeServer, SUMMARY_PATH, 50);
  const graphql = await measure(`GraphQL page of 100, ${sales.toLocaleString('en')} sales`, largeServer, '/graphql', 10, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: GRAPHQL_BODY,
  });
  const reportBytes = await checkReport(largeServer);
  const report = await measure(`report page, ${sales.toLocaleString('en')} sales`, largeServer, '/', 10);
  await largeServer.stop();

  /** The REST summary and the GraphQL page with WEB_CONCURRENCY=n, for the processes table. */
  const clustered: Array<{ engine: string; processes: number; rest: Measurement; graphql: Measurement }> = [];
  const measureProcesses = async (engine: string, url: string) => {
    for (const n of processCounts) {
      const server = await startServer('bench/serve-app.ts', {
        DATABASE_URL: url,
        LOG_DIR: join(work, `logs-${engine}-${n}`),
        WEB_CONCURRENCY: String(n),
      });
      await checkSummary(server, largeManifest, `${engine}, ${n} processes`);
      await checkGraphql(server);
      const rest = await measure(`REST summary, ${engine}, ${n} processes`, server, SUMMARY_PATH, 50);
      const gql = await measure(`GraphQL page of 100, ${engine}, ${n} processes`, server, '/graphql', 10, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: GRAPHQL_BODY,
      });
      await server.stop();
      clustered.push({ engine, processes: n, rest, graphql: gql });
    }
  };
  await measureProcesses('SQLite', large.url);

  let pgRows: { rest: Measurement; graphql: Measurement } | null = null;
  if (pgAdmin) {
    const pgLarge = prepareDatabase('large-pg', largeDir, await freshPostgresUrl());
    const pgServer = await startServer('bench/serve-app.ts', { DATABASE_URL: pgLarge.url, LOG_DIR: join(work, 'logs-pg') });
    await checkSummary(pgServer, largeManifest, `${sales.toLocaleString('en')} sales on PostgreSQL`);
    await checkGraphql(pgServer);
    const rest = await measure(`REST summary, ${sales.toLocaleString('en')} sales, PostgreSQL`, pgServer, SUMMARY_PATH, 50);
    const gql = await measure(`GraphQL page of 100, ${sales.toLocaleString('en')} sales, PostgreSQL`, pgServer, '/graphql', 10, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: GRAPHQL_BODY,
    });
    await pgServer.stop();
    pgRows = { rest, graphql: gql };
    await measureProcesses('PostgreSQL', pgLarge.url);
  }
  const ceilingLast = await measureCeiling('last');
  const ceiling = ceilingFirst.requestsPerSecond >= ceilingLast.requestsPerSecond ? ceilingFirst : ceilingLast;

  const share = (m: Measurement) => m.requestsPerSecond / ceiling.requestsPerSecond;
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const rps = (m: Measurement) => Math.round(m.requestsPerSecond).toLocaleString('en');
  const yesNo = (ok: boolean) => (ok ? '**yes**' : '**no**');
  const smallOk = share(restSmall) >= TARGET_SHARE_OF_CEILING;
  const largeOk = share(restLarge) >= TARGET_SHARE_OF_CEILING;
  const growthOk = restLarge.p99 <= TARGET_P99_GROWTH * restSmall.p99;
  const graphqlOk = graphql.p99 < TARGET_GRAPHQL_P99_MS;
  const n = sales.toLocaleString('en');
  const pct = (m: Measurement) => `${(share(m) * 100).toFixed(0)}%`;
  const row = (cells: string[]) => console.log(`| ${cells.join(' | ')} |`);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(
    `load: autocannon 8 in the benchmark process, each server in its own child process on 127.0.0.1; ${WARMUP_SECONDS} s warm-up, then ${duration} s per row; ` +
      `CPU spent outside the server and autocannon during a measurement (kernel networking included): at most ${(worstOtherShare * 100).toFixed(0)}% of the machine`,
  );
  console.log(
    `data: 5,500 sales (data/, ${small.loadedSales.toLocaleString('en')} loaded) and ${n} sales (seed 7, ${large.loadedSales.toLocaleString('en')} loaded), each migrated and seeded by the real commands`,
  );
  console.log('');
  const cpuPerRequest = (m: Measurement) => (m.serverCpuMicros === null ? '–' : `${m.serverCpuMicros.toFixed(0)} µs`);
  row(['request', 'sales', 'connections', 'req/s', 'p50', 'p99', 'server CPU / request', '% of ceiling', 'target', 'met']);
  row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---']);
  row([
    `ceiling: bare \`node:http\`, constant JSON (${Buffer.byteLength(ceilingBody)} B)`,
    '–',
    '50',
    rps(ceiling),
    ms(ceiling.p50),
    ms(ceiling.p99),
    cpuPerRequest(ceiling),
    '100%',
    '–',
    '–',
  ]);
  row([
    `REST \`GET ${SUMMARY_PATH}\` (${Buffer.byteLength(smallBody)} B)`,
    '5,500',
    '50',
    rps(restSmall),
    ms(restSmall.p50),
    ms(restSmall.p99),
    cpuPerRequest(restSmall),
    pct(restSmall),
    '≥ 70% of ceiling',
    yesNo(smallOk),
  ]);
  row([
    `REST \`GET ${SUMMARY_PATH}\` (${Buffer.byteLength(largeBody)} B)`,
    n,
    '50',
    rps(restLarge),
    ms(restLarge.p50),
    ms(restLarge.p99),
    cpuPerRequest(restLarge),
    pct(restLarge),
    `≥ 70% of ceiling; p99 ≤ 2x p99 at 5,500 (${(restLarge.p99 / restSmall.p99).toFixed(2)}x)`,
    `${yesNo(largeOk)}; ${yesNo(growthOk)}`,
  ]);
  row([
    `GraphQL \`ventas(first: 100)\` + producto, categoria, cliente (${(graphqlBytes / 1024).toFixed(1)} KiB)`,
    n,
    '10',
    rps(graphql),
    ms(graphql.p50),
    ms(graphql.p99),
    cpuPerRequest(graphql),
    '–',
    'p99 < 20 ms',
    yesNo(graphqlOk),
  ]);
  row([
    `report page \`GET /\` (two GraphQL documents, rendered to HTML; ${(reportBytes / 1024).toFixed(1)} KiB)`,
    n,
    '10',
    rps(report),
    ms(report.p50),
    ms(report.p99),
    cpuPerRequest(report),
    '–',
    '–',
    '–',
  ]);
  if (pgRows) {
    row([
      `REST \`GET ${SUMMARY_PATH}\`, **PostgreSQL**`,
      n,
      '50',
      rps(pgRows.rest),
      ms(pgRows.rest.p50),
      ms(pgRows.rest.p99),
      cpuPerRequest(pgRows.rest),
      pct(pgRows.rest),
      '≥ 70% of ceiling',
      yesNo(share(pgRows.rest) >= TARGET_SHARE_OF_CEILING),
    ]);
    row([
      `GraphQL \`ventas(first: 100)\` + producto, categoria, cliente, **PostgreSQL**`,
      n,
      '10',
      rps(pgRows.graphql),
      ms(pgRows.graphql.p50),
      ms(pgRows.graphql.p99),
      cpuPerRequest(pgRows.graphql),
      '–',
      'p99 < 20 ms',
      yesNo(pgRows.graphql.p99 < TARGET_GRAPHQL_P99_MS),
    ]);
  }
  if (clustered.length > 0) {
    console.log('');
    row(['request', 'engine', 'processes (WEB_CONCURRENCY)', 'connections', 'req/s', 'p50', 'p99', 'server CPU / request (all processes)']);
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:']);
    const one = (engine: string) => (engine === 'SQLite' ? { rest: restLarge, graphql } : pgRows!);
    for (const engine of [...new Set(clustered.map((c) => c.engine))]) {
      const runs = [{ processes: 1, ...one(engine) }, ...clustered.filter((c) => c.engine === engine)];
      for (const r of runs)
        row([
          `REST \`GET ${SUMMARY_PATH}\``,
          engine,
          String(r.processes),
          '50',
          rps(r.rest),
          ms(r.rest.p50),
          ms(r.rest.p99),
          cpuPerRequest(r.rest),
        ]);
      for (const r of runs)
        row([
          'GraphQL `ventas(first: 100)` page',
          engine,
          String(r.processes),
          '10',
          rps(r.graphql),
          ms(r.graphql.p50),
          ms(r.graphql.p99),
          cpuPerRequest(r.graphql),
        ]);
    }
  }
  console.log('');
  const histogram = (m: Measurement) => `${m.histogramP50}/${m.histogramP99}`;
  console.log(
    `ceiling: the higher of two measurements, first and last in the run (${rps(ceilingFirst)} and ${rps(ceilingLast)} req/s). ` +
      `p50/p99 are over every response's own time (${[ceiling, restSmall, restLarge, graphql, report].map((m) => m.requests.toLocaleString('en')).join(', ')} responses); ` +
      `autocannon's histogram, in whole ms: ${histogram(ceiling)}, ${histogram(restSmall)}, ${histogram(restLarge)}, ${histogram(graphql)}, ${histogram(report)} ms.`,
  );
} finally {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  rmSync(work, { recursive: true, force: true });
  await dropPostgresDatabases();
}
