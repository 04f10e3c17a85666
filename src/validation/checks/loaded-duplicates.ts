// Sale ids that appear more than once among loaded sales: impossible while venta_id is the primary key (the
// usual case, answered from the catalogue without reading ventas); without that key they are counted in SQL
// and at most MAX_LISTED_IDS of them are listed.
import { sql } from 'kysely';
import { primaryKeyColumns } from '../../db/engine.ts';
import type { CheckContext } from '../types.ts';
import { boundedIds, MAX_LISTED_IDS } from './bounded-list.ts';

export interface LoadedDuplicates {
  /** Loaded sales whose id is shared with another loaded sale (every copy counts). */
  rows: number;
  ids: number[];
  truncated: boolean;
}

export async function loadedDuplicateSales(ctx: CheckContext): Promise<LoadedDuplicates> {
  const key = await primaryKeyColumns(ctx.db, 'ventas');
  if (key.length === 1 && key[0] === 'venta_id') return { rows: 0, ids: [], truncated: false };
  const dupes = await ctx.db
    .selectFrom('ventas')
    .select(['venta_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('venta_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .orderBy('venta_id')
    .limit(MAX_LISTED_IDS + 1)
    .execute();
  const listed = boundedIds(dupes.map((d) => Number(d.venta_id)));
  if (!listed.truncated) return { rows: dupes.reduce((n, d) => n + Number(d.n), 0), ...listed };
  // More ids than are listed: the rows of all of them, summed by the database.
  const { rows } = await sql<{ n: number }>`
    select coalesce(sum(d.n), 0) as n from (select count(*) as n from ventas group by venta_id having count(*) > 1) d`.execute(ctx.db);
  return { rows: Number(rows[0]?.n ?? 0), ...listed };
}
