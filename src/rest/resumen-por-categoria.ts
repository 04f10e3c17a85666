// GET /ventas/resumen_por_categoria: {"categoria": units} exactly as the original service answered.
// The body is cached per load: a request costs one indexed lookup of the latest load id, at most every
// REVALIDATE_MS, instead of an aggregate over the sales table.
import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { errorBody, sendJson } from '../http/send.ts';
import type { JsonLog } from '../log/json-log.ts';
import { unitsByCategory } from '../queries/sales-summary.ts';

const REVALIDATE_MS = 250;

export interface SummaryCache {
  /** The JSON body for the latest load. */
  body(db: Kysely<Database>): Promise<string>;
  /** The next request reads the latest load id again (a load ran through this API or a peer process). */
  invalidate(): void;
}

export function summaryCache(now: () => number = Date.now): SummaryCache {
  let cached: { loadId: number | null; body: string; checkedAt: number } | null = null;
  // Bumped by invalidate(): an answer read before it is served once but never cached.
  let generation = 0;
  return {
    async body(db) {
      const t = now();
      const started = generation;
      if (cached && t - cached.checkedAt < REVALIDATE_MS) return cached.body;
      const last = await db.selectFrom('cargas').select('id').where('estado', '=', 'ok').orderBy('id', 'desc').limit(1).executeTakeFirst();
      const loadId = last?.id ?? null;
      if (cached && cached.loadId === loadId) {
        cached.checkedAt = t;
        return cached.body;
      }
      const body = JSON.stringify(await unitsByCategory(db));
      if (started === generation) cached = { loadId, body, checkedAt: t };
      return body;
    },
    invalidate() {
      generation++;
      cached = null;
    },
  };
}

/** The route's answer (its path and methods are in src/http/routes.ts): the cached body, or a 500 whose reason
 * stays in the log. */
export async function serveSummary(res: ServerResponse, cache: SummaryCache, db: () => Kysely<Database>, log?: JsonLog): Promise<void> {
  try {
    sendJson(res, 200, await cache.body(db()));
  } catch (err) {
    log?.write('error', 'summary failed', {
      error: err instanceof Error ? err.message : String(err),
      cause: String((err as Error).cause ?? ''),
    });
    sendJson(res, 500, errorBody('the sales database cannot be read'));
  }
}
