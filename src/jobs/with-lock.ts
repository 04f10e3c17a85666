// Runs a piece of work while holding a lease: taken first (or refused with its holder), renewed by a
// heartbeat, released in every case. A lease lost meanwhile (it expired while the work hung and another
// run took it) aborts the work's signal, so the work stops instead of running unprotected.
import type { Lock, LockHolder } from '../process/locks/lock.ts';

export type Held<T> = { acquired: true; value: T; tookOverFrom: LockHolder | null } | { acquired: false; holder: LockHolder };

export async function withLock<T>(lock: Lock, heartbeatMs: number, work: (lost: AbortSignal) => Promise<T>): Promise<Held<T>> {
  const taken = await lock.acquire();
  if (!taken.acquired) return { acquired: false, holder: taken.holder };
  const lost = new AbortController();
  const loseIt = () => lost.abort(new Error('the load lock was lost (its lease expired and another load took it)'));
  const heartbeat = setInterval(() => {
    lock.renew().then((ok) => ok || loseIt(), loseIt);
  }, heartbeatMs);
  try {
    return { acquired: true, value: await work(lost.signal), tookOverFrom: taken.tookOverFrom };
  } finally {
    clearInterval(heartbeat);
    await lock.release();
  }
}
