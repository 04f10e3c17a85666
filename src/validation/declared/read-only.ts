// Runs declared SQL on a read-only connection. PostgreSQL: a READ ONLY transaction with a statement
// timeout. SQLite: the one connection held for the duration with PRAGMA query_only on (any write fails
// with SQLITE_READONLY), switched off again whatever happens; better-sqlite3 also refuses more than one
// statement in a string. SQLite has no statement timeout: the query runs to its end (see the README).
import { type Kysely, sql } from 'kysely';
import { engineOf } from '../../db/engine.ts';

export const DECLARED_QUERY_TIMEOUT_MS = 10_000;

export async function readOnly<T>(
  db: Kysely<any>,
  run: (conn: Kysely<any>) => Promise<T>,
  timeoutMs = DECLARED_QUERY_TIMEOUT_MS,
): Promise<T> {
  if (engineOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      await sql.raw(`set local statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`).execute(trx);
      return run(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`pragma query_only = on`.execute(conn);
    try {
      return await run(conn);
    } finally {
      await sql`pragma query_only = off`.execute(conn);
    }
  });
}
