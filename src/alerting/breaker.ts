// Circuit breaker per job (load, upload, monitor): after N consecutive failed runs the job refuses to
// start until a cool-down passes (then one trial run) or someone resets it. State in the database.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';

export type Job = 'load' | 'upload' | 'monitor';
export const JOBS: readonly Job[] = ['load', 'upload', 'monitor'];

export interface BreakerSettings {
  failureThreshold: number;
  cooldownMinutes: number;
}

export interface BreakerState {
  job: string;
  state: 'closed' | 'open';
  consecutiveFailures: number;
  openedAt: string | null;
  /** When an open breaker lets one trial run through. */
  retryAt: string | null;
}

async function row(db: Kysely<Database>, job: string) {
  return db.selectFrom('interruptores').selectAll().where('trabajo', '=', job).executeTakeFirst();
}

function toState(job: string, r: Awaited<ReturnType<typeof row>>, settings: BreakerSettings): BreakerState {
  if (!r) return { job, state: 'closed', consecutiveFailures: 0, openedAt: null, retryAt: null };
  const retryAt = r.abierto_en ? new Date(Date.parse(r.abierto_en) + settings.cooldownMinutes * 60_000).toISOString() : null;
  return {
    job,
    state: r.estado,
    consecutiveFailures: Number(r.fallos_seguidos),
    openedAt: r.abierto_en,
    retryAt: r.estado === 'open' ? retryAt : null,
  };
}

export async function breakerState(db: Kysely<Database>, job: string, settings: BreakerSettings): Promise<BreakerState> {
  return toState(job, await row(db, job), settings);
}

/** Whether the job may start now: closed, or open with its cool-down over (a trial run). */
export async function breakerAllows(
  db: Kysely<Database>,
  job: Job,
  settings: BreakerSettings,
  now: Date,
): Promise<{ allowed: boolean; state: BreakerState }> {
  const state = await breakerState(db, job, settings);
  const allowed = state.state === 'closed' || (state.retryAt !== null && now.getTime() >= Date.parse(state.retryAt));
  return { allowed, state };
}

/** Records a run's outcome; returns whether this failure opened the breaker. */
export async function recordJobResult(
  db: Kysely<Database>,
  job: Job,
  ok: boolean,
  settings: BreakerSettings,
  now: Date,
): Promise<{ opened: boolean; state: BreakerState }> {
  const iso = now.toISOString();
  const current = await row(db, job);
  let next: { estado: 'closed' | 'open'; fallos_seguidos: number; abierto_en: string | null };
  let opened = false;
  if (ok) next = { estado: 'closed', fallos_seguidos: 0, abierto_en: null };
  else {
    const failures = Number(current?.fallos_seguidos ?? 0) + 1;
    // A failed trial run re-opens the breaker for another cool-down.
    const open = failures >= settings.failureThreshold;
    opened = open && current?.estado !== 'open';
    next = { estado: open ? 'open' : 'closed', fallos_seguidos: failures, abierto_en: open ? iso : null };
  }
  await db
    .insertInto('interruptores')
    .values({ trabajo: job, ...next, actualizado_en: iso })
    .onConflict((oc) => oc.column('trabajo').doUpdateSet({ ...next, actualizado_en: iso }))
    .execute();
  return { opened, state: toState(job, { trabajo: job, ...next, actualizado_en: iso }, settings) };
}

export async function resetBreaker(db: Kysely<Database>, job: Job, now: Date): Promise<void> {
  const iso = now.toISOString();
  await db
    .insertInto('interruptores')
    .values({ trabajo: job, estado: 'closed', fallos_seguidos: 0, abierto_en: null, actualizado_en: iso })
    .onConflict((oc) => oc.column('trabajo').doUpdateSet({ estado: 'closed', fallos_seguidos: 0, abierto_en: null, actualizado_en: iso }))
    .execute();
}
