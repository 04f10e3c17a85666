// One small interface for the leases that keep two runs of a job apart (a file or a database row), with the
// clock and the process check injected so tests can drive time and death. Shared by the monitor and the load job.
import { randomUUID } from 'node:crypto';
import { type ProcessCheck, diedOnThisHost, thisProcess } from '../liveness.ts';

export interface LockHolder {
  host: string;
  pid: number;
  /** When the holder took the lock (ISO time). */
  since: string;
  /** Lease expiry (ISO time); renewed by the holder's heartbeat. */
  leaseUntil: string;
  token: string;
}

export type Acquired = { acquired: true; holder: LockHolder; tookOverFrom: LockHolder | null } | { acquired: false; holder: LockHolder };

export interface Lock {
  /** Takes the lock, taking over one whose lease expired or whose owner died on this host. */
  acquire(): Promise<Acquired>;
  /** Extends the lease; false when the lock is no longer ours (then the run must stop). */
  renew(): Promise<boolean>;
  /** Gives the lock up if it is still ours. */
  release(): Promise<void>;
}

export interface LockDeps extends ProcessCheck {
  now: () => Date;
  leaseMs: number;
  token: string;
}

export function defaultLockDeps(leaseMs = 60_000): LockDeps {
  return { ...thisProcess(), now: () => new Date(), leaseMs, token: randomUUID() };
}

/** Whether a recorded holder no longer holds the lock: its lease ran out, or it died on this host. */
export function isStale(holder: LockHolder, deps: LockDeps): boolean {
  if (Date.parse(holder.leaseUntil) <= deps.now().getTime()) return true;
  return diedOnThisHost(holder, deps);
}

export function newHolder(deps: LockDeps, since?: string): LockHolder {
  const now = deps.now();
  return {
    host: deps.host,
    pid: deps.pid,
    since: since ?? now.toISOString(),
    leaseUntil: new Date(now.getTime() + deps.leaseMs).toISOString(),
    token: deps.token,
  };
}

export function describeHolder(h: LockHolder): string {
  return `held by pid ${h.pid} on ${h.host} since ${h.since} (lease until ${h.leaseUntil})`;
}
