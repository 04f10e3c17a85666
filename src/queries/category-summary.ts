// Units sold per category: the REST summary. Read from the summary each load writes (never an
// aggregate over the whole sales table per request); every category appears, 0 without sales.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';

export async function unitsByCategory(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('resumen_ventas')
    .select(['clave', 'unidades'])
    .where('dimension', '=', 'categoria')
    .orderBy('orden')
    .execute();
  // PostgreSQL returns bigint sums as strings; the summary table stores integers, Number() keeps both right.
  return Object.fromEntries(rows.map((r) => [r.clave, Number(r.unidades)]));
}
