// One timed run of the real seed command, as `npm run seed` runs it (compiled: node dist/seeds/seed.js),
// on a freshly migrated database (or, with `reload`, one the same seed has already loaded once): wall time and peak RSS of the whole process, the load and
// validation times it reports in `--json`, and whether its per-file report equals the manifest.
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Manifest } from '../src/datagen/manifest.ts';
import { openDatabase } from '../src/db/connect.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../src/db/create-postgres-database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { npmScriptArgs } from './compiled.ts';
import { timed } from './timed.ts';

export type Engine = 'sqlite' | 'postgres';

export interface SeedRun {
  seconds: number;
  peakMb: number;
  loadSeconds: number;
  validationSeconds: number;
  rows: number;
  /** The seed's per-file counts equal the manifest's (the ETL changes; the ground truth does not). */
  matchesManifest: boolean;
}

interface SeedReport {
  status: string;
  files: Record<string, { read: number }>;
  timings: { loadMs: number; validationMs: number };
}

/** A new empty database: a file in `work` for SQLite, a fresh database on BENCH_POSTGRES_URL's server. */
async function freshDatabase(engine: Engine, work: string): Promise<string> {
  if (engine === 'sqlite') return join(work, 'empresa.db');
  return createPostgresDatabase(process.env.BENCH_POSTGRES_URL!, 'bench');
}

export async function runSeed(
  engine: Engine,
  dataDir: string,
  manifest: Manifest,
  work: string,
  options: { reload?: boolean } = {},
): Promise<SeedRun> {
  const url = await freshDatabase(engine, work);
  const db = openDatabase(url);
  await migrateToLatest(db);
  await db.destroy();
  const seed = () =>
    timed(process.execPath, [...npmScriptArgs('seed'), '--data-dir', dataDir, '--as-of', manifest.asOf, '--json'], {
      ...process.env,
      DATABASE_URL: url,
      LOG_DIR: join(work, 'logs'),
    });
  // The untimed first load that the timed one replaces.
  if (options.reload) seed();
  const run = seed();
  // A 1M-sale database is about 300 MB on the PostgreSQL server; the next run makes its own.
  if (engine === 'postgres') await dropPostgresDatabase(process.env.BENCH_POSTGRES_URL!, url);
  const report = JSON.parse(run.stdout) as SeedReport;
  if (report.status !== 'ok') throw new Error(`seed failed: ${run.stdout}`);
  return {
    seconds: run.seconds,
    peakMb: run.peakMb,
    loadSeconds: report.timings.loadMs / 1000,
    validationSeconds: report.timings.validationMs / 1000,
    rows: Object.values(report.files).reduce((n, f) => n + f.read, 0),
    matchesManifest: isDeepStrictEqual(JSON.parse(JSON.stringify(report.files)), manifest.files),
  };
}
