// Resolves a category or city name given by a client to ids, with the same merge rule as the load
// (case, accents and surrounding spaces ignored).
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { normalizeKey } from '../text/normalize-text.ts';

export async function idsByName(db: Kysely<Database>, table: 'categorias' | 'ciudades', name: string): Promise<number[]> {
  const key = normalizeKey(name);
  const rows = await db.selectFrom(table).select(['id', 'nombre']).execute();
  return rows.filter((r) => normalizeKey(r.nombre) === key).map((r) => r.id);
}
