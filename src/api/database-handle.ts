// The API's read connection, opened on first use and never created: a missing, unreadable or corrupt
// database is an error the routes turn into a clean 500, not a crash at start.
import type { Kysely } from 'kysely';
import { openDatabase } from '../db/connect.ts';
import type { Database } from '../db/tables.ts';

export class DatabaseUnavailable extends Error {
  readonly code = 'database_unavailable';
  constructor(options: { cause: unknown }) {
    super('the database cannot be read', options);
    this.name = 'DatabaseUnavailable';
  }
}

export interface DatabaseHandle {
  get(): Kysely<Database>;
  close(): Promise<void>;
}

export function lazyDatabase(url: string | undefined): DatabaseHandle {
  let db: Kysely<Database> | null = null;
  return {
    get() {
      if (db) return db;
      try {
        db = openDatabase(url, { mustExist: true });
        return db;
      } catch (cause) {
        throw new DatabaseUnavailable({ cause });
      }
    },
    async close() {
      await db?.destroy();
      db = null;
    },
  };
}

/** For tests and embedding: a database the caller opened (and will close). */
export function givenDatabase(db: Kysely<Database>): DatabaseHandle {
  return { get: () => db, close: async () => {} };
}
