// One small interface for the monitor's locks (file or database), with the clock and the process check
// injected so tests can drive time and death.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

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

export interface LockDeps {
  now: () => Date;
  host: string;
  pid: number;
  /** Whether a process of this host is alive. */
  isAlive: (pid: number) => boolean;
  leaseMs: number;
  token: string;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function defaultLockDeps(leaseMs = 60_000): LockDeps {
  return { now: () => new Date(), host: hostname(), pid: process.pid, isAlive: processIsAlive, leaseMs, token: randomUUID() };
}

/** Whether a recorded holder no longer holds the lock: its lease ran out, or it died on this host. */
export function isStale(holder: LockHolder, deps: LockDeps): boolean {
  if (Date.parse(holder.leaseUntil) <= deps.now().getTime()) return true;
  return holder.host === deps.host && !deps.isAlive(holder.pid);
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
