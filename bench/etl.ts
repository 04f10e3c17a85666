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
const rawTimes: number[] = [];
const seedTimes: number[] = [];
const loadTimes: number[] = [];
const validationTimes: number[] = [];
const seedPeaks: number[] = [];
let rows = 0;
for (let run = 0; run < runs; run++) {
  const work = mkdtempSync(join(tmpdir(), 'bench-etl-'));
  try {
    const rawDb = join(work, 'raw.db');
    rawTimes.push(timed('sqlite3', [rawDb, '.mode csv', `.import ${join(dataDir, 'ventas.csv')} ventas_raw`]).seconds);

    const dbPath = join(work, 'empresa.db');
    const db = openDatabase(dbPath);
    await migrateToLatest(db);
    await db.destroy();
    const seed = timed(process.execPath, ['--import', 'tsx', 'seeds/seed.ts', '--data-dir', dataDir, '--json'], {
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
    seedTimes.push(seed.seconds);
    loadTimes.push(report.timings.loadMs / 1000);
    validationTimes.push(report.timings.validationMs / 1000);
    seedPeaks.push(seed.peakMb);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const raw = median(rawTimes);
const seed = median(seedTimes);
const load = median(loadTimes);
const validation = median(validationTimes);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`data: ${sales.toLocaleString('en')} sales (ventas.csv ${(ventasBytes / 2 ** 20).toFixed(1)} MiB), ${rows.toLocaleString('en')} rows in all four files; median of ${runs} runs`);
console.log('');
console.log('| sales | sqlite3 .import ventas.csv | `npm run seed` command | of which: load | of which: validation | command / import | load / import | rows/s (command) | peak RSS |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(
  `| ${sales.toLocaleString('en')} | ${raw.toFixed(2)} s | ${seed.toFixed(2)} s | ${load.toFixed(2)} s | ${validation.toFixed(2)} s | ${(seed / raw).toFixed(2)}x | ${(load / raw).toFixed(2)}x | ${Math.round(rows / seed).toLocaleString('en')} | ${Math.max(...seedPeaks).toFixed(0)} MB |`,
);
console.log(`\nall runs: import ${rawTimes.map((t) => t.toFixed(2)).join(', ')} s; seed ${seedTimes.map((t) => t.toFixed(2)).join(', ')} s; peaks ${seedPeaks.map((p) => p.toFixed(0)).join(', ')} MB`);
