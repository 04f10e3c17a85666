// The range of a numeric column of the sales or the stock as the load's file worker summarized it
// (resumen_columnas), for checks that ask "is any value outside [min, max]?": when the whole column lies
// inside, the answer is no without a pass over the table (on SQLite 70-140 ms per 1M rows, on PostgreSQL
// about 200). Trusted only while the summary counts exactly the table's rows; otherwise null, and the
// check makes its pass. A count is a b-tree count on SQLite and an index-only scan on PostgreSQL, so it is
// made only once the summary's range fits: a check that must read the table anyway does not pay it too.
import { sql } from 'kysely';
import { columnSummary } from '../../queries/column-summary.ts';
import type { CheckContext } from '../types.ts';

/**
 * The table's row count when the load's summary of `column` shows every value within [min, max] (a null
 * bound is open), the summary counting exactly those rows; null when the check must read the table.
 */
export async function rowsWithinSummarizedRange(
  ctx: CheckContext,
  table: string,
  column: string,
  min: unknown,
  max: unknown,
): Promise<number | null> {
  if (table !== 'ventas' && table !== 'inventario') return null;
  const summary = await columnSummary(ctx.db, table, column);
  if (!summary) return null;
  if (summary.minimo !== null && summary.maximo !== null) {
    if (min !== null && (typeof min !== 'number' || summary.minimo < min)) return null;
    if (max !== null && (typeof max !== 'number' || summary.maximo > max)) return null;
  }
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db);
  const filas = Number(rows[0]!.n);
  return summary.filas === filas ? filas : null;
}
