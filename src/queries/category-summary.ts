// Units sold per category over the loaded sales: the REST summary's query. Every category appears, 0 without sales.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/tables.ts';

export async function unitsByCategory(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('categorias as c')
    .leftJoin('productos as p', 'p.categoria_id', 'c.id')
    .leftJoin('ventas as v', 'v.producto_id', 'p.producto_id')
    .select(['c.nombre', sql<number>`coalesce(sum(v.cantidad), 0)`.as('unidades')])
    .groupBy(['c.id', 'c.nombre'])
    .orderBy('c.id')
    .execute();
  // PostgreSQL returns sums of integers as strings.
  return Object.fromEntries(rows.map((r) => [r.nombre, Number(r.unidades)]));
}
