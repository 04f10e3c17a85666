// Runs a bulk load without SQLite's per-row foreign-key lookups. The load writes only references it has
// checked itself (every product id against the loaded products, every city from the loaded clients, its
// own load id), so the lookups repeat work: three index searches per sale, about a third of a sale's
// insert cost. A test checks `PRAGMA foreign_key_check` is clean after loads of dirty data. SQLite only
// reads the setting outside a transaction, hence this wrapper around it; PostgreSQL keeps its checks.
import { type Kysely, sql } from 'kysely';
import { engineOf } from './engine.ts';

export async function withoutForeignKeyChecks<T>(db: Kysely<any>, work: () => Promise<T>): Promise<T> {
  if (engineOf(db) !== 'sqlite') return work();
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    return await work();
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
