// Closes what dead processes left open: a load still `en_curso` whose process is gone becomes
// `interrumpida`, a monitor run still `running` becomes `interrupted`. Run at each load, validation and
// server start, so a kill -9 or a crash never leaves a load posing as the latest one.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { type ProcessCheck, type Runner, diedOnThisHost, thisProcess } from './liveness.ts';
import { type RunKind, isOpenHere } from './open-runs.ts';

export interface InterruptedRuns {
  /** Ids of the loads closed as `interrumpida`. */
  loads: number[];
  /** Ids of the monitor runs closed as `interrupted`. */
  monitorRuns: number[];
}

/** Whether the process that recorded an open run is gone. Runs of another host are never judged from here. */
export function runnerIsGone(kind: RunKind, id: number, runner: { host: string | null; pid: number | null }, check: ProcessCheck): boolean {
  if (runner.host === null || runner.pid === null) return false; // recorded before runners were: unknown
  const r: Runner = { host: runner.host, pid: Number(runner.pid) };
  if (r.host === check.host && r.pid === check.pid) return !isOpenHere(kind, id);
  return diedOnThisHost(r, check);
}

/** Loads still `en_curso` whose process is gone (not yet closed): never to be shown as the latest load. */
export async function abandonedLoadIds(db: Kysely<Database>, check: ProcessCheck = thisProcess()): Promise<number[]> {
  const open = await db.selectFrom('cargas').select(['id', 'host', 'pid']).where('estado', '=', 'en_curso').execute();
  return open.filter((r) => runnerIsGone('carga', r.id, r, check)).map((r) => r.id);
}

export async function closeInterruptedRuns(
  db: Kysely<Database>,
  options: { check?: ProcessCheck; now?: () => Date } = {},
): Promise<InterruptedRuns> {
  const check = options.check ?? thisProcess();
  const now = (options.now ?? (() => new Date()))().toISOString();
  const closed: InterruptedRuns = { loads: [], monitorRuns: [] };

  const loads = await db.selectFrom('cargas').select(['id', 'host', 'pid']).where('estado', '=', 'en_curso').execute();
  for (const load of loads) {
    if (!runnerIsGone('carga', load.id, load, check)) continue;
    // Only while still en_curso: a load that finished meanwhile keeps its own outcome.
    const r = await db
      .updateTable('cargas')
      .set({
        estado: 'interrumpida',
        finalizada_en: now,
        error_codigo: 'interrupted',
        error_mensaje: `the process running the load (pid ${load.pid} on ${load.host}) is gone: nothing of it was kept (its transaction was rolled back)`,
      })
      .where('id', '=', load.id)
      .where('estado', '=', 'en_curso')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) closed.loads.push(load.id);
  }

  const runs = await db
    .selectFrom('monitor_ejecuciones')
    .select(['id', 'host', 'pid', 'paso'])
    .where('resultado', '=', 'running')
    .execute();
  for (const run of runs) {
    if (!runnerIsGone('monitor', run.id, run, check)) continue;
    const r = await db
      .updateTable('monitor_ejecuciones')
      .set({
        resultado: 'interrupted',
        finalizada_en: now,
        detalle: `the process of this run (pid ${run.pid} on ${run.host}) is gone: it stopped at step ${run.paso}`,
      })
      .where('id', '=', run.id)
      .where('resultado', '=', 'running')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) closed.monitorRuns.push(run.id);
  }
  return closed;
}
