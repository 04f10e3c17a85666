// The load the checks look at: the latest successful one (a failed load rolled back and left nothing).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.ts';

/** Id of the latest load with `estado = 'ok'`, or null when no load has succeeded yet. */
export async function latestLoadId(db: Kysely<Database>): Promise<number | null> {
  const last = await db.selectFrom('cargas').select('id').where('estado', '=', 'ok').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last ? Number(last.id) : null;
}
