// The API's connections, opened on first use and never created: a missing, unreadable or corrupt database is an
// error the routes turn into a clean 500, not a crash at start. Reads (GraphQL queries, the report, the REST
// summary, metrics) may go to read replicas (DATABASE_READ_URL, src/db/read-routing.ts); mutations write on the
// primary (DATABASE_URL) and then fence, so that their answer and every later read show what they wrote.
import type { Kysely } from 'kysely';
import { openDatabase } from '../db/connect.ts';
import { openReadRouter, type ReadRouter, type ReplicaState } from '../db/read-routing.ts';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';

export class DatabaseUnavailable extends Error {
  readonly code = 'database_unavailable';
  constructor(options: { cause: unknown }) {
    super('the database cannot be read', options);
    this.name = 'DatabaseUnavailable';
  }
}

export interface DatabaseHandle {
  /** For reads: a replica that has caught up, or the primary. */
  get(): Kysely<Database>;
  /** For writes and for reading back what was just written: always DATABASE_URL. */
  primary(): Kysely<Database>;
  /**
   * After a write on the primary: reads (in this process, and in its peers through `onFence`) show it from now on.
   * Returns the primary's WAL position that reads must reach, or null without replicas.
   */
  afterWrite(): Promise<string | null>;
  /** A position a peer process fenced (node:cluster). */
  observeWrite(lsn: string): void;
  /** Every read replica and whether it is up; empty without DATABASE_READ_URL. */
  replicas(): ReplicaState[];
  close(): Promise<void>;
}

export interface LazyDatabaseOptions {
  /** DATABASE_READ_URL, split: PostgreSQL replicas of DATABASE_URL. */
  readUrls?: string[];
  /** Where a replica going down (a warning) or coming back is said, once each time. */
  log?: JsonLog;
}

/** A replica that goes down is skipped (ventas_db_replica_up 0) and said once in the log; its return too. */
const replicaLogger = (log: JsonLog | undefined) => (replica: string, up: boolean, reason?: string) =>
  up
    ? log?.write('info', 'read replica back: reads may use it again', { replica })
    : log?.write('warning', 'read replica down: skipped, reads go to the other replicas or the primary', { replica, reason });

export function lazyDatabase(url: string | undefined, options: LazyDatabaseOptions = {}): DatabaseHandle {
  let db: Kysely<Database> | null = null;
  let router: ReadRouter | null = null;
  const routed = (options.readUrls ?? []).length > 0;
  const open = () => {
    try {
      db ??= openDatabase(url, { mustExist: true, namedStatements: true });
      if (routed) router ??= openReadRouter(url ?? '', options.readUrls!, { onReplicaChange: replicaLogger(options.log) });
    } catch (cause) {
      throw new DatabaseUnavailable({ cause });
    }
  };
  return {
    get() {
      open();
      return router ? router.db : db!;
    },
    primary() {
      open();
      return db!;
    },
    async afterWrite() {
      open();
      return router ? router.fence() : null;
    },
    observeWrite(lsn) {
      if (routed) {
        open();
        router!.observe(lsn);
      }
    },
    replicas: () => router?.replicas() ?? [],
    async close() {
      await router?.close();
      await db?.destroy();
      router = null;
      db = null;
    },
  };
}

/** For tests and embedding: a database the caller opened (and will close); reads and writes share it. */
export function givenDatabase(db: Kysely<Database>, router?: ReadRouter): DatabaseHandle {
  return {
    get: () => router?.db ?? db,
    primary: () => db,
    afterWrite: async () => (router ? router.fence() : null),
    observeWrite: (lsn) => router?.observe(lsn),
    replicas: () => router?.replicas() ?? [],
    close: async () => {},
  };
}
