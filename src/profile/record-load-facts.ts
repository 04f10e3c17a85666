// The step after a load commits: profile the loaded columns and store the load's metrics, both under the
// load's id. Its failure never undoes or fails the load (the data is already in); it is returned as a value
// with a code and cause, and the anomaly checks then simply find no metrics for that load.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { profileColumns, profileRow } from './column-profile.ts';
import { computeLoadMetrics } from './load-metrics.ts';

export type LoadFactsResult =
  | { status: 'ok'; loadId: number; metrics: number; columns: number; ms: number }
  | { status: 'failed'; loadId: number; error: { code: 'load_facts_failed'; message: string; cause: unknown } };

const CHUNK = 500;

export async function recordLoadFacts(db: Kysely<Database>, loadId: number): Promise<LoadFactsResult> {
  const started = performance.now();
  try {
    const profiles = await profileColumns(db);
    const clients = profiles.find((p) => p.tabla === 'ventas' && p.columna === 'cliente_id')?.distintos;
    const metrics = await computeLoadMetrics(db, loadId, { distinctClients: clients });
    await db.transaction().execute(async (trx) => {
      // Recording a load twice replaces its rows rather than failing on the key.
      await trx.deleteFrom('metricas_carga').where('carga_id', '=', loadId).execute();
      await trx.deleteFrom('perfiles_columna').where('carga_id', '=', loadId).execute();
      for (let i = 0; i < metrics.length; i += CHUNK)
        await trx
          .insertInto('metricas_carga')
          .values(metrics.slice(i, i + CHUNK))
          .execute();
      if (profiles.length)
        await trx
          .insertInto('perfiles_columna')
          .values(profiles.map((p) => profileRow(loadId, p)))
          .execute();
    });
    return { status: 'ok', loadId, metrics: metrics.length, columns: profiles.length, ms: Math.round(performance.now() - started) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      status: 'failed',
      loadId,
      error: { code: 'load_facts_failed', message: `could not record the metrics and profile of load ${loadId}: ${message}`, cause: err },
    };
  }
}
