// The lease that keeps two loads of one database apart (seed, server start, API reload, monitor): a second
// load is refused at once, naming the holder, instead of failing after SQLite's 5 s busy timeout. SQLite is
// one machine's file, so its lock is a file beside it; PostgreSQL may be shared by several machines, so its
// lock is the `bloqueos` row `carga`, on a connection of its own (never inside a load's transaction).
import { resolveDatabaseTarget, openDatabase } from '../db/connect.ts';
import { DatabaseLock } from '../process/locks/db-lock.ts';
import { FileLock } from '../process/locks/file-lock.ts';
import { type LockDeps, type LockHolder, type Lock, defaultLockDeps } from '../process/locks/lock.ts';
import { EXIT } from '../process/exit-codes.ts';

export const LOAD_LOCK_NAME = 'carga';

/** The exit code of a load refused because another one holds the lock (as the monitor's `locked`). */
export const LOAD_IN_PROGRESS_EXIT_CODE = EXIT.locked;

export interface LoadLock {
  lock: Lock;
  /** How often the holder renews its lease (a third of it). */
  heartbeatMs: number;
  /** Closes the lock's own connection, if it has one. */
  close(): Promise<void>;
}

export function loadLock(url: string | undefined, deps: LockDeps = defaultLockDeps()): LoadLock {
  const target = resolveDatabaseTarget(url);
  const heartbeatMs = Math.max(deps.leaseMs / 3, 250);
  if (target.engine === 'sqlite')
    return { lock: new FileLock(`${target.path}.${LOAD_LOCK_NAME}.lock`, deps), heartbeatMs, close: async () => {} };
  const db = openDatabase(url);
  return { lock: new DatabaseLock(db, LOAD_LOCK_NAME, deps), heartbeatMs, close: () => db.destroy() };
}

/** What may be told about a holder outside the machine: no token, no lease internals, no paths. */
export function publicHolder(h: LockHolder): { host: string; pid: number; since: string } {
  return { host: h.host, pid: h.pid, since: h.since };
}

export function inProgressMessage(h: LockHolder): string {
  return `another load is in progress: pid ${h.pid} on ${h.host}, since ${h.since}`;
}
