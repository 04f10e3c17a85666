// The range of a numeric column of the sales or the stock as the load's file worker summarized it
// (resumen_columnas), for checks that ask "is any value outside [min, max]?": when the whole column lies
// inside, the answer is no without a pass over the table (on SQLite 70-140 ms per 1M rows, on PostgreSQL
// about 200). Trusted only while the summary counts exactly the table's rows; otherwise null, and the
// check makes its pass. A count is a b-tree count on SQLite and an index-only scan on PostgreSQL.
import { sql } from 'kysely';
import type { CheckContext } from '../types.ts';

export interface ColumnRange {
  filas: number;
  minimo: number | null;
  maximo: number | null;
}

export async function summarizedRange(ctx: CheckContext, table: string, column: string): Promise<ColumnRange | null> {
  if (table !== 'ventas' && table !== 'inventario') return null;
  const summary = await ctx.db
    .selectFrom('resumen_columnas')
    .select(['filas', 'minimo', 'maximo'])
    .where('tabla', '=', table)
    .where('columna', '=', column)
    .executeTakeFirst();
  if (!summary) return null;
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db);
  const filas = Number(rows[0]!.n);
  if (Number(summary.filas) !== filas) return null;
  return {
    filas,
    minimo: summary.minimo === null ? null : Number(summary.minimo),
    maximo: summary.maximo === null ? null : Number(summary.maximo),
  };
}

/** Whether every value of the summarized column lies within [min, max] (a null bound is open). */
export function rangeWithin(range: ColumnRange, min: unknown, max: unknown): boolean {
  if (range.filas === 0 || range.minimo === null || range.maximo === null) return true;
  if (min !== null && (typeof min !== 'number' || range.minimo < min)) return false;
  if (max !== null && (typeof max !== 'number' || range.maximo > max)) return false;
  return true;
}
