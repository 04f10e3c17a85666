// Sales summaries by category, city or month, read from the summary each load writes (never an aggregate
// over the whole sales table per request). One query for both faces: GraphQL's resumenPor* fields and the
// REST summary (units per category); every category appears, 0 without sales, up to SUMMARY_LIMIT.
import type { Kysely } from 'kysely';
import type { Database, ResumenDimension } from '../db/tables.ts';

export interface SummaryRow {
  clave: string;
  unidades: number;
  ingresos: number;
  ventas: number;
}

/**
 * The most rows either face answers: a category or city column of a hundred thousand distinct values (a
 * note typed where a name belongs) would otherwise be a body of megabytes on every request.
 */
export const SUMMARY_LIMIT = 1_000;

/**
 * A dimension's rows in load order (`orden`: first appearance, or the month). Past SUMMARY_LIMIT rows, the
 * SUMMARY_LIMIT with the most units sold (ties: first appearance), still in load order.
 */
export async function salesSummary(db: Kysely<Database>, dimension: ResumenDimension): Promise<SummaryRow[]> {
  const rows = await db
    .selectFrom('resumen_ventas')
    .select(['clave', 'unidades', 'ingresos', 'ventas', 'orden'])
    .where('dimension', '=', dimension)
    .orderBy('unidades', 'desc')
    .orderBy('orden')
    .limit(SUMMARY_LIMIT)
    .execute();
  rows.sort((a, b) => a.orden - b.orden);
  // PostgreSQL returns bigint sums as strings; the summary table stores numbers, Number() keeps both right.
  return rows.map((r) => ({ clave: r.clave, unidades: Number(r.unidades), ingresos: Number(r.ingresos), ventas: Number(r.ventas) }));
}

/** The REST summary's body: units sold per category. */
export async function unitsByCategory(db: Kysely<Database>): Promise<Record<string, number>> {
  return Object.fromEntries((await salesSummary(db, 'categoria')).map((r) => [r.clave, r.unidades]));
}
