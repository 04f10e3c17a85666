// A page of a small dimension table (categorias, ciudades: id, nombre, load id) by its integer id; the
// category and city list fields share it.
import type { Kysely, Selectable } from 'kysely';
import type { CategoriasTable, Database } from '../db/tables.ts';
import { type Page, idPage } from './pagination.ts';

export function dimensionPage(
  db: Kysely<Database>,
  table: 'categorias' | 'ciudades',
  args: { first?: number | null; after?: string | null },
): Promise<Page<Selectable<CategoriasTable>>> {
  // Both tables have the same columns; one of them names the row type.
  const from = () => db.selectFrom(table as 'categorias');
  return idPage(
    table,
    args,
    (after, limit) => (after === null ? from() : from().where('id', '>', after)).selectAll().orderBy('id').limit(limit).execute(),
    async () =>
      Number(
        (
          await from()
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    (row) => row.id,
  );
}
