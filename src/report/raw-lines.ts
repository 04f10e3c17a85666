// The raw lines of a page of quarantined rows: only their first characters and their whole length, read
// straight from the table. The API has no way to ask for a prefix (it answers the whole `contenido`, which an
// old load may have stored at 200 MB) nor for `contenido_bytes`, so the page asks the database for exactly
// what it shows. One statement by primary key, at most a page of ids.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/tables.ts';

export interface RawLine {
  /** The first characters of the stored line (one more than the page shows, so it can tell a cut line). */
  contenido: string;
  /** The whole record's length in UTF-8 bytes: as the load measured it when it kept only a prefix, else the stored text's. */
  contenido_bytes: number;
}

export async function rawLines(db: Kysely<Database>, ids: number[], chars: number): Promise<Map<number, RawLine>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('cuarentena')
    .select((eb) => [
      'id',
      // substr counts characters on both SQLite and PostgreSQL, and octet_length bytes (SQLite 3.43+).
      sql<string>`substr(${eb.ref('contenido')}, 1, ${chars + 1})`.as('inicio'),
      sql<number | string>`coalesce(${eb.ref('contenido_bytes')}, octet_length(${eb.ref('contenido')}))`.as('bytes'),
    ])
    .where('id', 'in', ids)
    .execute();
  // PostgreSQL answers bigint as a string.
  return new Map(rows.map((r) => [r.id, { contenido: r.inicio, contenido_bytes: Number(r.bytes) }]));
}
