// Benchmark: `npm run bench:validation -- [--sales N] [--inventory N] [--quarantined N] [--runs R]` builds a
// database with the real migrations and one load of that shape (default: 1M loaded sales and 1M sales
// quarantined as copies of one sale, issue 13), then times runValidation and reports the process's peak RSS
// and each check's own time. With BENCH_POSTGRES_URL (a server where databases may be created) it runs on
// PostgreSQL instead of SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../src/db/create-postgres-database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { ALL_CHECKS } from '../src/validation/checks/index.ts';
import { runValidation } from '../src/validation/run-validation.ts';
import { fillDatabase } from './validation-data.ts';

const { values } = parseArgs({
  options: {
    sales: { type: 'string', default: '1000000' },
    inventory: { type: 'string', default: '0' },
    quarantined: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
  },
});
const shape = { sales: Number(values.sales), inventory: Number(values.inventory), quarantined: Number(values.quarantined) };
const runs = Number(values.runs);
const pgAdmin = process.env.BENCH_POSTGRES_URL;
const engine = pgAdmin ? 'postgres' : 'sqlite';
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = mkdtempSync(join(tmpdir(), 'bench-validation-'));
process.env.LOG_DIR = join(work, 'logs');
const url = pgAdmin ? await createPostgresDatabase(pgAdmin, 'bench') : join(work, 'empresa.db');
const db = openDatabase(url);
try {
  const { error } = await migrateToLatest(db);
  if (error) throw error;
  const now = new Date();
  let started = performance.now();
  await fillDatabase(db, engine, shape, now);
  const buildSeconds = (performance.now() - started) / 1000;

  // As the seed runs it: every check, the results stored, one alert line per failed check.
  const alerts = openJsonLog('alertas.log', 'validation');
  const rssBefore = process.memoryUsage.rss();
  const times: number[] = [];
  let rowsAffected: Record<string, number> = {};
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    const result = await runValidation(db, { asOf: '2024-12-31', clock: () => now, origin: 'bench', alerts });
    times.push((performance.now() - started) / 1000);
    rowsAffected = Object.fromEntries(result.results.map((r) => [r.code, r.rowsAffected]));
    if (result.results.some((r) => r.error))
      throw new Error(`a check could not run: ${JSON.stringify(result.results.filter((r) => r.error))}`);
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  if (rowsAffected.duplicate_sales !== shape.quarantined)
    throw new Error(`duplicate_sales counted ${rowsAffected.duplicate_sales}, expected ${shape.quarantined}`);

  // Each check alone (one run each), to show where the time goes.
  const perCheck: Array<[string, number]> = [];
  for (const check of ALL_CHECKS) {
    started = performance.now();
    await runValidation(db, { asOf: '2024-12-31', clock: () => now, origin: 'bench', checks: [check] });
    perCheck.push([check.code, performance.now() - started]);
  }

  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${engine}`,
  );
  console.log(
    `data: ${shape.sales.toLocaleString('en')} loaded sales, ${shape.inventory.toLocaleString('en')} stock rows, ${shape.quarantined.toLocaleString('en')} quarantined duplicates (built in ${buildSeconds.toFixed(1)} s)`,
  );
  console.log(`runValidation: median ${median(times).toFixed(3)} s of ${runs} runs (${times.map((t) => t.toFixed(3)).join(', ')})`);
  console.log(`RSS: ${mb(rssBefore)} before validation, peak ${mb(peak)} (process maxRSS, the build included)`);
  console.log(
    'per check (ms, each run alone, storing included; returns, unknown_clients and referential_integrity each pay the pass over ventas a full run makes once):',
  );
  for (const [code, ms] of perCheck) console.log(`  ${code.padEnd(22)} ${ms.toFixed(0).padStart(6)}`);
} finally {
  await db.destroy();
  rmSync(work, { recursive: true, force: true });
  if (pgAdmin) await dropPostgresDatabase(pgAdmin, url);
}
