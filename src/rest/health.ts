// GET /health: liveness (the process answers) and readiness (database reachable, migrations applied, a load present).
import type { DatabaseHandle } from '../api/database-handle.ts';
import { migrationState } from '../db/migration-files.ts';

export interface Health {
  status: 'ready' | 'not_ready';
  live: true;
  checks: { database: boolean; migrations: boolean; load: boolean };
  lastLoad: { id: number; finishedAt: string | null } | null;
}

export async function health(handle: DatabaseHandle): Promise<Health> {
  const checks = { database: false, migrations: false, load: false };
  let lastLoad: Health['lastLoad'] = null;
  try {
    const db = handle.get();
    checks.migrations = (await migrationState(db)).pending.length === 0;
    checks.database = true;
    const last = await db
      .selectFrom('cargas')
      .select(['id', 'finalizada_en'])
      .where('estado', '=', 'ok')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (last) lastLoad = { id: last.id, finishedAt: last.finalizada_en };
    checks.load = last !== undefined;
  } catch {
    // Readiness answers false; the reason is in the server log, not in the response.
  }
  const ready = checks.database && checks.migrations && checks.load;
  return { status: ready ? 'ready' : 'not_ready', live: true, checks, lastLoad };
}
