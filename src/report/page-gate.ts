// At most a few report pages are built at once; the others wait their turn, and one whose client leaves
// while it waits is never built. Building a page costs the API's work for it (on a large database, hundreds
// of milliseconds of CPU and several pooled connections): unbounded, a handful of abandoned requests took
// the whole server, /health included, for as long as they ran.

export class GateFull extends Error {
  constructor() {
    super('too many report pages are waiting');
    this.name = 'GateFull';
  }
}

export interface PageGate {
  /** Waits for a turn; resolves to the function that gives it back. Rejects with the signal's reason when the
   * client leaves first, or with GateFull when too many are already waiting. */
  enter(signal: AbortSignal): Promise<() => void>;
}

export function pageGate(concurrency: number, maxWaiting: number): PageGate {
  let running = 0;
  const queue: Array<() => void> = [];

  const release = () => {
    running--;
    queue.shift()?.();
  };

  return {
    enter(signal) {
      signal.throwIfAborted();
      if (running < concurrency) {
        running++;
        return Promise.resolve(once(release));
      }
      if (queue.length >= maxWaiting) return Promise.reject(new GateFull());
      return new Promise((resolve, reject) => {
        const turn = () => {
          signal.removeEventListener('abort', leave);
          running++;
          resolve(once(release));
        };
        const leave = () => {
          const at = queue.indexOf(turn);
          if (at >= 0) queue.splice(at, 1);
          reject(signal.reason);
        };
        queue.push(turn);
        signal.addEventListener('abort', leave, { once: true });
      });
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
