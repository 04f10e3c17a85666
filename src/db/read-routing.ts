// Sends the API's reads to PostgreSQL read replicas (DATABASE_READ_URL) without ever showing a client time going
// backwards. Each replica's replay position is polled in the background; a read goes to a replica only when that
// position has reached (1) the primary's WAL position after the last write this process (or a peer process) made
// through the API, and (2) the position of any replica this process already read from. Otherwise it goes to the
// primary: reading the primary until the replicas catch up never waits, where waiting for replay would hold the
// request. A replica that cannot be reached is skipped (a warning in the log, its `up` state for the metric)
// until a poll reaches it again.
import { Kysely, PostgresDialect } from 'kysely';
import type Pg from 'pg';
import { type PostgresPool, type PostgresTarget, pgCursor, postgresPool, resolveDatabaseTarget } from './connect.ts';
import type { Database } from './tables.ts';
import { reasonOf } from './unreachable.ts';

/** How often replay positions are read; also how long a replica that went down waits before it is tried again. */
export const REPLICA_POLL_MS = 250;
/** A replica that does not accept a connection within this is taken as down (the primary's own limit is 10 s). */
const REPLICA_CONNECT_TIMEOUT_MS = 2_000;

export interface ReplicaState {
  /** host:port of the replica (never its password). */
  name: string;
  up: boolean;
  /** Its replay position has reached every write this process must show. */
  current: boolean;
}

export interface ReadRouterOptions {
  /** Told when a replica goes down or comes back (the caller logs it). */
  onReplicaChange?: (replica: string, up: boolean, reason?: string) => void;
  pollMs?: number;
}

export interface ReadRouter {
  /** Reads: a current replica, or the primary. */
  readonly db: Kysely<Database>;
  /** After a write on the primary: reads go to the primary until replicas replay its position, which is returned. */
  fence(): Promise<string>;
  /** The same, for a position a peer process (node:cluster) fenced. */
  observe(lsn: string): void;
  replicas(): ReplicaState[];
  close(): Promise<void>;
}

/** `16/B374D848` to a comparable number. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/');
  if (hi === undefined || lo === undefined || !/^[0-9A-F]+$/i.test(hi) || !/^[0-9A-F]+$/i.test(lo))
    throw new Error(`not a WAL position: ${text}`);
  return (BigInt('0x' + hi) << 32n) + BigInt('0x' + lo);
}

/** The URLs of DATABASE_READ_URL: one, or a comma-separated list; blank entries ignored. */
export function readUrls(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

interface Replica {
  name: string;
  pool: PostgresPool;
  up: boolean;
  /** Last polled replay position; null until the first poll answers. */
  lsn: bigint | null;
}

const postgresOnly = (url: string, what: string): PostgresTarget => {
  const target = resolveDatabaseTarget(url);
  if (target.engine !== 'postgres') throw new Error(`${what} must be a postgres:// URL: read replicas are a PostgreSQL feature`);
  return target;
};

export function openReadRouter(primaryUrl: string, replicaUrls: string[], options: ReadRouterOptions = {}): ReadRouter {
  const primary = postgresPool(postgresOnly(primaryUrl, 'DATABASE_URL (with DATABASE_READ_URL set)'), { namedStatements: true });
  const replicas: Replica[] = replicaUrls.map((url) => {
    const target = postgresOnly(url, 'every DATABASE_READ_URL');
    return {
      name: target.hostPort,
      pool: postgresPool(target, { namedStatements: true, connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS }),
      up: true,
      lsn: null,
    };
  });
  const pollMs = options.pollMs ?? REPLICA_POLL_MS;
  /** The primary's position after the latest write reads must show. */
  let fenced = 0n;
  /** The highest replay position a read of this process was sent to. */
  let served = 0n;
  let next = 0;
  let polling: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const setUp = (r: Replica, up: boolean, reason?: string) => {
    if (r.up === up) return;
    r.up = up;
    if (!up) r.lsn = null;
    options.onReplicaChange?.(r.name, up, reason);
  };

  const pollOne = async (r: Replica) => {
    try {
      // On a server that is not in recovery (a primary listed as a reader) its own position counts.
      const { rows } = await r.pool.query<{ lsn: string | null }>(
        'select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text as lsn',
      );
      const lsn = rows[0]?.lsn;
      if (lsn == null) throw new Error('the replica reports no replay position');
      r.lsn = parseLsn(lsn);
      setUp(r, true);
    } catch (err) {
      setUp(r, false, reasonOf(err));
    }
  };
  const poll = () => {
    polling ??= Promise.all(replicas.map(pollOne)).then(() => {
      polling = null;
    });
    return polling;
  };
  const start = () => {
    if (timer || closed) return;
    void poll();
    timer = setInterval(() => void poll(), pollMs);
    timer.unref();
  };

  const current = (r: Replica) => r.up && r.lsn !== null && r.lsn >= fenced && r.lsn >= served;

  async function connect(): Promise<Pg.PoolClient> {
    start();
    const usable = replicas.filter(current);
    for (let i = 0; i < usable.length; i++) {
      const r = usable[(next + i) % usable.length]!;
      try {
        const client = await r.pool.connect();
        next = (next + i + 1) % Math.max(1, usable.length);
        if (r.lsn! > served) served = r.lsn!;
        return client;
      } catch (err) {
        setUp(r, false, reasonOf(err));
      }
    }
    return primary.connect();
  }

  const observe = (lsn: string) => {
    const position = parseLsn(lsn);
    if (position > fenced) fenced = position;
    start();
    void poll();
  };

  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect, end: async () => {} }, cursor: pgCursor() }) }),
    async fence() {
      const { rows } = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      const lsn = rows[0]!.lsn;
      observe(lsn);
      return lsn;
    },
    observe,
    replicas: () => replicas.map((r) => ({ name: r.name, up: r.up, current: current(r) })),
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await polling;
      await Promise.all([primary.end(), ...replicas.map((r) => r.pool.end())]);
    },
  };
}
