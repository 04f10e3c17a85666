// WEB_CONCURRENCY=N: N server processes (node:cluster) sharing one port. The primary process forks and watches
// the workers and relays one message: "a mutation wrote", so every worker drops what it caches per load and reads
// replicas only past the write, before the mutation answers its client. SIGTERM/SIGINT to the primary is passed
// to every worker, which stops accepting, finishes its in-flight requests and exits (src/server.ts); the primary
// exits when all have.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';

/** How long a worker waits for its peers to take a write in before answering anyway. */
const PEER_ACK_TIMEOUT_MS = 2_000;

/**
 * Processes to run: WEB_CONCURRENCY as a whole number from 1, `auto` for the cores Node sees, and 1 when unset
 * (README: a container often sees the host's cores, not its CPU quota, and each process holds its own pool).
 */
export function webConcurrency(value: string | undefined, cores: number = availableParallelism()): number {
  const text = (value ?? '').trim();
  if (text === '') return 1;
  if (text.toLowerCase() === 'auto') return Math.max(1, cores);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to 64, or auto; got ${JSON.stringify(value)}`);
  return n;
}

export const isWorker = () => cluster.isWorker;

type Message =
  | { type: 'ventas:wrote'; id: number; lsn: string | null }
  | { type: 'ventas:observe'; id: number; lsn: string | null }
  | { type: 'ventas:observed'; id: number }
  | { type: 'ventas:wrote-done'; id: number };

const isMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && String((m as { type?: unknown }).type).startsWith('ventas:');

/**
 * In the primary: forks `count` workers (running this same entry point), relays writes between them, replaces a
 * worker that dies, and passes SIGTERM/SIGINT on. Never returns: the process exits once every worker has.
 */
export async function superviseWorkers(count: number, log: (line: string) => void = console.log): Promise<never> {
  let stopping = false;
  let relayId = 0;
  // A write relayed to the other workers: which of them still have to take it in.
  const pending = new Map<number, { from: Worker; fromId: number; waiting: Set<number> }>();

  const finish = (relay: number) => {
    const p = pending.get(relay);
    if (!p || p.waiting.size > 0) return;
    pending.delete(relay);
    if (p.from.isConnected()) p.from.send({ type: 'ventas:wrote-done', id: p.fromId } satisfies Message);
  };

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (m: unknown) => {
      if (!isMessage(m)) return;
      if (m.type === 'ventas:wrote') {
        const relay = ++relayId;
        const others = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && w !== worker && w.isConnected());
        pending.set(relay, { from: worker, fromId: m.id, waiting: new Set(others.map((w) => w.id)) });
        for (const w of others) w.send({ type: 'ventas:observe', id: relay, lsn: m.lsn } satisfies Message);
        finish(relay);
      } else if (m.type === 'ventas:observed') {
        pending.get(m.id)?.waiting.delete(worker.id);
        finish(m.id);
      }
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    // A worker gone takes no more writes in: nothing waits on it.
    for (const [relay, p] of pending) {
      p.waiting.delete(worker.id);
      finish(relay);
    }
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? code}): starting another`);
    setTimeout(fork, 1000).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    // The workers bound their own drain (src/server.ts); this only guards against one that hangs.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  log(`starting ${count} server processes (WEB_CONCURRENCY)`);
  for (let i = 0; i < count; i++) fork();
  return new Promise<never>(() => {});
}

export interface Peers {
  /** Tells the other workers about a write and resolves once they have taken it in (or after a timeout). */
  announce(lsn: string | null): Promise<void>;
}

/** In a worker: how it hears of its peers' writes (`observe`) and tells them of its own; null outside a cluster. */
export function clusterPeers(observe: (lsn: string | null) => void): Peers | null {
  if (!cluster.isWorker) return null;
  let nextId = 0;
  const waiting = new Map<number, () => void>();
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.type === 'ventas:observe') {
      observe(m.lsn);
      process.send?.({ type: 'ventas:observed', id: m.id } satisfies Message);
    } else if (m.type === 'ventas:wrote-done') {
      waiting.get(m.id)?.();
    }
  });
  return {
    announce(lsn) {
      const id = ++nextId;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, PEER_ACK_TIMEOUT_MS);
        function done() {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        }
        waiting.set(id, done);
        process.send?.({ type: 'ventas:wrote', id, lsn } satisfies Message);
      });
    },
  };
}
