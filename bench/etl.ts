// Benchmark: `npm run bench:etl -- --sales N [--runs R]` times the whole seed command on generated data
// (process start to exit, the load inside it, and the validation it runs after the load) beside the
// sqlite3 CLI's raw `.import` of the same ventas.csv into an empty table (the floor), and reports peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { generateData } from '../src/datagen/generate.ts';
import { createPostgresDatabase } from '../src/db/create-postgres-database.ts';
import { compiled } from './compiled.ts';

const { values } = parseArgs({ options: { sales: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } } });
const sales = Number(values.sales);
const runs = Number(values.runs);
const dataDir = resolve('bench/.cache', `sales-${sales}`);

if (!existsSync(join(dataDir, 'manifest.json'))) {
  console.error(`generating ${sales.toLocaleString('en')} sales into ${dataDir} ...`);
  await generateData({ sales, seed: 7, out: dataDir });
}
const ventasBytes = statSync(join(dataDir, 'ventas.csv')).size;

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const peakKb = Number(r.stderr.trim().split('\n').at(-1));
  return { seconds, peakMb: peakKb / 1024, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// With BENCH_POSTGRES_URL (a server where databases may be created), each run also loads into PostgreSQL.
const pgAdmin = process.env.BENCH_POSTGRES_URL;
const freshPostgresUrl = () => createPostgresDatabase(pgAdmin!, 'bench');
const engines = pgAdmin ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
const byEngine = Object.fromEntries(engines.map((e) => [e, { seed: [] as number[], load: [] as number[], validation: [] as number[], peak: [] as number[] }]));
const rawTimes: number[] = [];
let rows = 0;
for (let run = 0; run < runs; run++) {
  const work = mkdtempSync(join(tmpdir(), 'bench-etl-'));
  try {
    const rawDb = join(work, 'raw.db');
    rawTimes.push(timed('sqlite3', [rawDb, '.mode csv', `.import ${join(dataDir, 'ventas.csv')} ventas_raw`]).seconds);

    for (const engine of engines) {
      const dbPath = engine === 'sqlite' ? join(work, 'empresa.db') : await freshPostgresUrl();
      const db = openDatabase(dbPath);
      await migrateToLatest(db);
      await db.destroy();
      const seed = timed(process.execPath, [compiled('seeds/seed.ts'), '--data-dir', dataDir, '--json'], {
        ...process.env,
        DATABASE_URL: dbPath,
        LOG_DIR: join(work, 'logs'),
      });
      const report = JSON.parse(seed.stdout) as {
        status: string;
        files: Record<string, { read: number }>;
        timings: { loadMs: number; validationMs: number };
      };
      if (report.status !== 'ok') throw new Error(`seed failed: ${seed.stdout}`);
      rows = Object.values(report.files).reduce((n, f) => n + f.read, 0);
      const m = byEngine[engine]!;
      m.seed.push(seed.seconds);
      m.load.push(report.timings.loadMs / 1000);
      m.validation.push(report.timings.validationMs / 1000);
      m.peak.push(seed.peakMb);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const raw = median(rawTimes);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`data: ${sales.toLocaleString('en')} sales (ventas.csv ${(ventasBytes / 2 ** 20).toFixed(1)} MiB), ${rows.toLocaleString('en')} rows in all four files; median of ${runs} runs`);
console.log('');
console.log('| engine | sales | sqlite3 .import ventas.csv | `npm run seed` command | of which: load | of which: validation | command / import | load / import | rows/s (command) | peak RSS |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const engine of engines) {
  const m = byEngine[engine]!;
  const seed = median(m.seed);
  const load = median(m.load);
  console.log(
    `| ${engine} | ${sales.toLocaleString('en')} | ${raw.toFixed(2)} s | ${seed.toFixed(2)} s | ${load.toFixed(2)} s | ${median(m.validation).toFixed(2)} s | ${(seed / raw).toFixed(2)}x | ${(load / raw).toFixed(2)}x | ${Math.round(rows / seed).toLocaleString('en')} | ${Math.max(...m.peak).toFixed(0)} MB |`,
  );
}
console.log(`\nall runs: import ${rawTimes.map((t) => t.toFixed(2)).join(', ')} s; ` + engines.map((e) => `${e} seed ${byEngine[e]!.seed.map((t) => t.toFixed(2)).join(', ')} s, peaks ${byEngine[e]!.peak.map((p) => p.toFixed(0)).join(', ')} MB`).join('; '));
