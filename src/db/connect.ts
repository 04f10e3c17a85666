// Opens the database named by DATABASE_URL (a SQLite file path by default) as a Kysely instance.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type LogEvent, SqliteDialect } from 'kysely';
import { withStatementCache } from './statement-cache.ts';
import type { Database } from './tables.ts';

export const DEFAULT_DATABASE_PATH = 'database/empresa.db';

export interface DatabaseTarget {
  engine: 'sqlite';
  /** Absolute path of the SQLite file. */
  path: string;
}

/** Resolves a DATABASE_URL value (`path`, `file:path`, `sqlite:path`) to a target; empty means the default file. */
export function resolveDatabaseTarget(url: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const value = (url ?? '').trim();
  const path = value === '' ? DEFAULT_DATABASE_PATH : value.replace(/^(sqlite|file):(\/\/)?/, '');
  return { engine: 'sqlite', path: resolve(path) };
}

export interface OpenOptions {
  /** Open an existing file only; never create it or its folder (for read paths such as the API). */
  mustExist?: boolean;
  /** Called with every query Kysely runs (tests count statements with it). */
  onQuery?: (sql: string) => void;
}

/** Opens the database, creating the SQLite file and its folder when missing. */
export function openDatabase(url?: string, options: OpenOptions = {}): Kysely<Database> {
  const target = resolveDatabaseTarget(url);
  if (!options.mustExist) mkdirSync(dirname(target.path), { recursive: true });
  const sqlite = new BetterSqlite3(target.path, { fileMustExist: options.mustExist ?? false });
  // WAL lets readers (the API) run while a load writes; NORMAL sync is durable at transaction ends in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 8 MiB of page cache: measured faster for the bulk load than 16 or 64 MiB (less to flush at commit)
  // and it keeps peak memory down; temp files (the default) also beat in-memory sorting for index builds.
  sqlite.pragma('cache_size = -8192');
  const onQuery = options.onQuery;
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    ...(onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql) } : {}),
  });
}
