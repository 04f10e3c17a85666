// Opens the database named by DATABASE_URL as a Kysely instance: a SQLite file path (the default,
// database/empresa.db) or a postgres:// URL. The only module that knows how to reach each engine.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, Kysely, type LogEvent, PostgresDialect, type PostgresCursorConstructor, SqliteDialect } from 'kysely';
import type Pg from 'pg';
import { registerPgClient } from './copy-writer.ts';
import { withNamedStatements } from './named-statements.ts';
import { withStatementCache } from './statement-cache.ts';
import type { Database } from './tables.ts';
import { DatabaseUnreachable, reasonOf } from './unreachable.ts';

export const DEFAULT_DATABASE_PATH = 'database/empresa.db';

export type DatabaseTarget =
  | { engine: 'sqlite' /** Absolute path of the SQLite file. */; path: string; display: string }
  | {
      engine: 'postgres';
      url: string;
      /** The URL without its password, for messages and logs. */
      display: string;
      /** `host:port` (5432 when the URL names none), for "cannot connect" messages. */
      hostPort: string;
    };

/** Resolves a DATABASE_URL value (`path`, `file:path`, `sqlite:path`, `postgres://...`); empty means the default file. */
export function resolveDatabaseTarget(url: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const value = (url ?? '').trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    const shown = new URL(value);
    if (shown.password) shown.password = '***';
    return {
      engine: 'postgres',
      url: value,
      display: shown.toString(),
      hostPort: `${shown.hostname || 'localhost'}:${shown.port || '5432'}`,
    };
  }
  const path = resolve(value === '' ? DEFAULT_DATABASE_PATH : value.replace(/^(sqlite|file):(\/\/)?/, ''));
  return { engine: 'sqlite', path, display: path };
}

export interface OpenOptions {
  /** SQLite: open an existing file only; never create it or its folder (for read paths such as the API). */
  mustExist?: boolean;
  /** Called with every query Kysely runs (tests count statements with it). */
  onQuery?: (sql: string) => void;
  /** PostgreSQL: run SELECTs as named (prepared once per connection) statements; for the API's read path. */
  namedStatements?: boolean;
}

/**
 * SQLite's own default page cache (2,000 KiB). SQLite also bounds its sorters by it, and the load's index
 * rebuild and the validation's GROUP BYs sort 1M rows: they ran faster in small sorted runs merged from temp
 * files than in large in-memory ones. Against 8 MiB, paired whole seeds: A 7.1-8.2 s -> 6.7 s, B 11.8 -> 10.9 s,
 * index rebuild 1.4-1.6 s -> 1.0-1.3 s, peak RSS 8-10 MB lower (BENCHMARKS.md). The API's pages read 5% slower
 * from it (236 -> 250 us for 101 scattered rows), about 1% of a GraphQL page's CPU: one setting for all.
 */
export const SQLITE_PAGE_CACHE_KIB = 2000;

const require = createRequire(import.meta.url);
let pgModule: typeof Pg | null = null;

/** The pg driver, loaded on first use (synchronously: both packages are CommonJS). On SQLite, pg and
 * pg-cursor (about 20 MB of memory) are never loaded. */
function loadPg(): typeof Pg {
  if (pgModule) return pgModule;
  pgModule = require('pg') as typeof Pg;
  // PostgreSQL returns bigint (count, sum of integers) as strings; every such value here fits a double.
  pgModule.types.setTypeParser(pgModule.types.builtins.INT8, (v) => Number(v));
  return pgModule;
}

function sqliteDialect(path: string, options: OpenOptions): Dialect {
  let sqlite: BetterSqlite3.Database;
  try {
    if (!options.mustExist) mkdirSync(dirname(path), { recursive: true });
    sqlite = openSqlite(path, options);
  } catch (cause) {
    // A missing file (mustExist), a folder we may not write, a file that is not a database: each opening fails
    // here, at once, with the file and SQLite's reason (e.g. "file is not a database (SQLITE_NOTADB)").
    throw new DatabaseUnreachable(path, reasonOf(cause), { cause, verb: 'open' });
  }
  return new SqliteDialect({ database: withStatementCache(sqlite) });
}

function openSqlite(path: string, options: OpenOptions): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(path, { fileMustExist: options.mustExist ?? false });
  // WAL lets readers (the API) run while a load writes; NORMAL sync is durable at transaction ends in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Temp files (the default temp_store) beat in-memory sorting for index builds and GROUP BYs as well.
  sqlite.pragma(`cache_size = -${SQLITE_PAGE_CACHE_KIB}`);
  // `value REGEXP pattern` (SQLite has the operator but no function behind it): the declared `invalid`
  // checks' patterns, with JavaScript's RegExp. Compiled patterns are remembered, a few at most.
  const patterns = new Map<string, RegExp>();
  sqlite.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
    if (pattern === null || value === null) return null;
    let re = patterns.get(String(pattern));
    if (!re) {
      if (patterns.size >= 64) patterns.clear();
      re = new RegExp(String(pattern));
      patterns.set(String(pattern), re);
    }
    return re.test(String(value)) ? 1 : 0;
  });
  return sqlite;
}

/** How long a connection attempt may take before it counts as "cannot connect" (pg waits forever by default). */
const PG_CONNECT_TIMEOUT_MS = 10_000;

export type PostgresTarget = Extract<DatabaseTarget, { engine: 'postgres' }>;

export interface PostgresPool {
  /** A client of the pool; a failure to get one is DatabaseUnreachable. */
  connect(): Promise<Pg.PoolClient>;
  /** One statement on a pooled client (for probes such as a replica's replay position). */
  query<R extends Pg.QueryResultRow>(text: string): Promise<Pg.QueryResult<R>>;
  end(): Promise<void>;
}

/** A pg pool for one server; every failure to get a connection is DatabaseUnreachable naming it (never the password). */
export function postgresPool(target: PostgresTarget, options: { connectTimeoutMs?: number; namedStatements?: boolean } = {}): PostgresPool {
  const pg = loadPg();
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? PG_CONNECT_TIMEOUT_MS,
  });
  // Every failure to get a connection (refused, unknown host, timeout, bad password, no such database) is
  // the same coded error, naming the server and never the password; errors of queries pass unchanged.
  const where = `${target.hostPort} (${target.display})`;
  const connect = async () => {
    let client: Pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (cause) {
      throw new DatabaseUnreachable(where, reasonOf(cause), { cause });
    }
    registerPgClient(client); // so a load's COPY can find its transaction's client (copy-writer.ts)
    return options.namedStatements ? withNamedStatements(client) : client;
  };
  return {
    connect,
    async query<R extends Pg.QueryResultRow>(text: string) {
      const client = await connect();
      try {
        return await client.query<R>(text);
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

export const pgCursor = () => require('pg-cursor') as PostgresCursorConstructor;

function postgresDialect(target: PostgresTarget, options: OpenOptions): Dialect {
  const pool = postgresPool(target, { namedStatements: options.namedStatements });
  return new PostgresDialect({ pool: { connect: pool.connect, end: pool.end }, cursor: pgCursor() });
}

/**
 * Opens the database; a SQLite file and its folder are created when missing. Cannot-connect failures are
 * DatabaseUnreachable: at once for a SQLite file, at the first query for PostgreSQL (its pool connects lazily).
 */
export function openDatabase(url?: string, options: OpenOptions = {}): Kysely<Database> {
  const target = resolveDatabaseTarget(url);
  const onQuery = options.onQuery;
  return new Kysely<Database>({
    dialect: target.engine === 'postgres' ? postgresDialect(target, options) : sqliteDialect(target.path, options),
    ...(onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql) } : {}),
  });
}
