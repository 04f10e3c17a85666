// Sales summaries by category, city or month, read from the summary each load writes (never an aggregate
// over the whole sales table per request). One query for both faces: GraphQL's resumenPor* fields and the
// REST summary (units per category); every category appears, 0 without sales.
import type { Kysely } from 'kysely';
import type { Database, ResumenDimension } from '../db/tables.ts';

export interface SummaryRow {
  clave: string;
  unidades: number;
  ingresos: number;
  ventas: number;
}

export async function salesSummary(db: Kysely<Database>, dimension: ResumenDimension): Promise<SummaryRow[]> {
  const rows = await db
    .selectFrom('resumen_ventas')
    .select(['clave', 'unidades', 'ingresos', 'ventas'])
    .where('dimension', '=', dimension)
    .orderBy('orden')
    .execute();
  // PostgreSQL returns bigint sums as strings; the summary table stores numbers, Number() keeps both right.
  return rows.map((r) => ({ clave: r.clave, unidades: Number(r.unidades), ingresos: Number(r.ingresos), ventas: Number(r.ventas) }));
}

/** The REST summary's body: units sold per category. */
export async function unitsByCategory(db: Kysely<Database>): Promise<Record<string, number>> {
  return Object.fromEntries((await salesSummary(db, 'categoria')).map((r) => [r.clave, r.unidades]));
}
