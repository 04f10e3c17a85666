// The step after a load commits: store the load's metrics, and its column profile, under the load's id.
// Metrics first (the anomaly checks of the validation that follows compare them with the history); the
// profile runs beside that validation (concurrent-profile.ts) and is stored when both are done. Its failure
// never undoes or fails the load (the data is already in); it is returned as a value with a code and cause,
// and the anomaly checks then simply find no metrics for that load.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { profileRow } from './column-profile.ts';
import { type RunningProfile, startProfile } from './concurrent-profile.ts';
import { computeLoadMetrics } from './load-metrics.ts';

export type LoadFactsResult =
  | { status: 'ok'; loadId: number; metrics: number; columns: number; ms: number }
  | { status: 'failed'; loadId: number; error: { code: 'load_facts_failed'; message: string; cause: unknown } };

const CHUNK = 500;

/** The load's facts, part done: the metrics stored (or why not), the profile under way. */
export interface LoadFactsInProgress {
  loadId: number;
  started: number;
  metrics: { ok: true; count: number } | { ok: false; error: unknown };
  profile: RunningProfile | null;
  profileError: unknown;
}

/** Stores the load's metrics and starts its profile; never throws. */
export async function beginLoadFacts(db: Kysely<Database>, loadId: number): Promise<LoadFactsInProgress> {
  const started = performance.now();
  let profile: RunningProfile | null = null;
  let profileError: unknown = null;
  try {
    const loaded = await db
      .selectFrom('carga_archivos')
      .select((eb) => eb.fn.sum<number>('cargadas').as('rows'))
      .where('carga_id', '=', loadId)
      .executeTakeFirst();
    profile = await startProfile(db, Number(loaded?.rows ?? 0));
  } catch (err) {
    profileError = err;
  }
  let metrics: LoadFactsInProgress['metrics'];
  try {
    const rows = await computeLoadMetrics(db, loadId);
    await db.transaction().execute(async (trx) => {
      // Recording a load twice replaces its rows rather than failing on the key.
      await trx.deleteFrom('metricas_carga').where('carga_id', '=', loadId).execute();
      for (let i = 0; i < rows.length; i += CHUNK)
        await trx
          .insertInto('metricas_carga')
          .values(rows.slice(i, i + CHUNK))
          .execute();
    });
    metrics = { ok: true, count: rows.length };
  } catch (error) {
    metrics = { ok: false, error };
  }
  return { loadId, started, metrics, profile, profileError };
}

/** Waits for the profile, stores it, and says how the whole step went. */
export async function finishLoadFacts(db: Kysely<Database>, facts: LoadFactsInProgress): Promise<LoadFactsResult> {
  const { loadId } = facts;
  const failed = (err: unknown): LoadFactsResult => ({
    status: 'failed',
    loadId,
    error: {
      code: 'load_facts_failed',
      message: `could not record the metrics and profile of load ${loadId}: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    },
  });
  const outcome = facts.profile ? await facts.profile.outcome : null;
  if (!facts.metrics.ok) return failed(facts.metrics.error);
  if (outcome === null) return failed(facts.profileError);
  if (!outcome.ok) return failed(outcome.error);
  const { profiles } = outcome;
  try {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('perfiles_columna').where('carga_id', '=', loadId).execute();
      if (profiles.length)
        await trx
          .insertInto('perfiles_columna')
          .values(profiles.map((p) => profileRow(loadId, p)))
          .execute();
    });
  } catch (err) {
    return failed(err);
  }
  return {
    status: 'ok',
    loadId,
    metrics: facts.metrics.count,
    columns: profiles.length,
    ms: Math.round(performance.now() - facts.started),
  };
}

/** Both, one after the other (nothing to overlap with). */
export async function recordLoadFacts(db: Kysely<Database>, loadId: number): Promise<LoadFactsResult> {
  return finishLoadFacts(db, await beginLoadFacts(db, loadId));
}
