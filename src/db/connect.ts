// Opens the database named by DATABASE_URL as a Kysely instance: a SQLite file path (the default,
// database/empresa.db) or a postgres:// URL. The only module that knows how to reach each engine.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, Kysely, type LogEvent, PostgresDialect, type PostgresCursorConstructor, SqliteDialect } from 'kysely';
import type Pg from 'pg';
import { withStatementCache } from './statement-cache.ts';
import type { Database } from './tables.ts';

export const DEFAULT_DATABASE_PATH = 'database/empresa.db';

export type DatabaseTarget =
  | { engine: 'sqlite'; /** Absolute path of the SQLite file. */ path: string; display: string }
  | { engine: 'postgres'; url: string; /** The URL without its password, for messages and logs. */ display: string };

/** Resolves a DATABASE_URL value (`path`, `file:path`, `sqlite:path`, `postgres://...`); empty means the default file. */
export function resolveDatabaseTarget(url: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const value = (url ?? '').trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    const shown = new URL(value);
    if (shown.password) shown.password = '***';
    return { engine: 'postgres', url: value, display: shown.toString() };
  }
  const path = resolve(value === '' ? DEFAULT_DATABASE_PATH : value.replace(/^(sqlite|file):(\/\/)?/, ''));
  return { engine: 'sqlite', path, display: path };
}

export interface OpenOptions {
  /** SQLite: open an existing file only; never create it or its folder (for read paths such as the API). */
  mustExist?: boolean;
  /** Called with every query Kysely runs (tests count statements with it). */
  onQuery?: (sql: string) => void;
}

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
  if (!options.mustExist) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path, { fileMustExist: options.mustExist ?? false });
  // WAL lets readers (the API) run while a load writes; NORMAL sync is durable at transaction ends in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 8 MiB of page cache: measured faster for the bulk load than 16 or 64 MiB (less to flush at commit)
  // and it keeps peak memory down; temp files (the default) also beat in-memory sorting for index builds.
  sqlite.pragma('cache_size = -8192');
  return new SqliteDialect({ database: withStatementCache(sqlite) });
}

function postgresDialect(url: string): Dialect {
  const pg = loadPg();
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }), cursor: require('pg-cursor') as PostgresCursorConstructor });
}

/** Opens the database; a SQLite file and its folder are created when missing. */
export function openDatabase(url?: string, options: OpenOptions = {}): Kysely<Database> {
  const target = resolveDatabaseTarget(url);
  const onQuery = options.onQuery;
  return new Kysely<Database>({
    dialect: target.engine === 'postgres' ? postgresDialect(target.url) : sqliteDialect(target.path, options),
    ...(onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql) } : {}),
  });
}
