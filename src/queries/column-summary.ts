// One numeric column of the sales or the stock as the load's file worker summarized it (resumen_columnas,
// written by etl/write-load.ts): read by the column profile and by the range checks, each of which decides
// whether the summary still describes the table (its row count against the table's).
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';

export interface ColumnSummary {
  filas: number;
  /** Null past the worker's exact-count limit (etl/number-stats.ts). */
  distintos: number | null;
  minimo: number | null;
  maximo: number | null;
  suma: number | null;
}

/** The latest load's summary of `table`.`column`, or null when the load wrote none for it. */
export async function columnSummary(db: Kysely<Database>, table: 'ventas' | 'inventario', column: string): Promise<ColumnSummary | null> {
  const row = await db
    .selectFrom('resumen_columnas')
    .select(['filas', 'distintos', 'minimo', 'maximo', 'suma'])
    .where('tabla', '=', table)
    .where('columna', '=', column)
    .executeTakeFirst();
  if (!row) return null;
  // PostgreSQL returns bigint columns as strings.
  return {
    filas: Number(row.filas),
    distintos: row.distintos === null ? null : Number(row.distintos),
    minimo: row.minimo === null ? null : Number(row.minimo),
    maximo: row.maximo === null ? null : Number(row.maximo),
    suma: row.suma === null ? null : Number(row.suma),
  };
}
