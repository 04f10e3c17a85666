// Starts the column profile beside whatever the caller does next (the validation), instead of before it.
// The profile is the largest read after a load (0.5-1.3 s per 1M rows on SQLite, BENCHMARKS.md) and the
// validation does not need it, so the two can use two cores: on SQLite a worker thread with its own read
// connection to the same file; on PostgreSQL another pooled connection, the server doing the work.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { engineOf } from '../db/engine.ts';
import type { Database } from '../db/tables.ts';
import { startWorker } from '../process/start-worker.ts';
import { type ColumnProfile, profileColumns } from './column-profile.ts';
import type { ProfileWorkerInput, ProfileWorkerMessage } from './profile-worker-protocol.ts';

/** The profile as a value: it never rejects, so it may be awaited long after it failed. */
export type ProfileOutcome = { ok: true; profiles: ColumnProfile[] } | { ok: false; error: Error };

/** A profile under way: `outcome` settles when it is done. */
export interface RunningProfile {
  outcome: Promise<ProfileOutcome>;
}

const settle = (work: Promise<ColumnProfile[]>): RunningProfile => ({
  outcome: work.then(
    (profiles): ProfileOutcome => ({ ok: true, profiles }),
    (err: unknown): ProfileOutcome => ({ ok: false, error: err instanceof Error ? err : new Error(String(err)) }),
  ),
});

/**
 * Below this many loaded rows the profile takes milliseconds and a worker's start-up would cost more
 * than it saves: the profile then runs here, finished before this returns.
 */
export const WORKER_MIN_ROWS = 100_000;

/** Starts the profile of the loaded tables (`rows`: how many the load wrote) and returns once it is under way. */
export async function startProfile(db: Kysely<Database>, rows: number): Promise<RunningProfile> {
  if (engineOf(db) === 'postgres') return settle(profileColumns(db));
  if (rows < WORKER_MIN_ROWS) {
    const done = settle(profileColumns(db));
    await done.outcome;
    return done;
  }
  const { rows: files } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const path = files[0]?.file;
  // An in-memory database has no file a second connection could open: profile it on this one.
  if (!path) return settle(profileColumns(db));
  return settle(profileInWorker(path));
}

// The profile holds a few hundred small objects: a small heap keeps the worker from adding to the seed's peak.
const PROFILE_WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 24 };

function profileInWorker(path: string): Promise<ColumnProfile[]> {
  const module = new URL(`./profile-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  const worker = startWorker(module, { path } satisfies ProfileWorkerInput, PROFILE_WORKER_LIMITS);
  return new Promise((resolve, reject) => {
    let answered = false;
    worker.once('message', (m: ProfileWorkerMessage) => {
      answered = true;
      if (m.ok) resolve(m.profiles);
      else reject(new Error(`column profile: ${m.message}`));
    });
    worker.once('error', (cause) => {
      answered = true;
      reject(new Error(`column profile: the worker failed: ${cause.message}`, { cause }));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`column profile: the worker exited with code ${code} before answering`));
    });
  });
}
