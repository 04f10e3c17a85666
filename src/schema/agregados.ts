// Sales summaries by category, city and month, as each load stored them.
import type { Kysely } from 'kysely';
import type { Database, ResumenDimension } from '../db/tables.ts';
import { builder } from './builder.ts';

const Resumen = builder.simpleObject('Resumen', {
  description: 'Units, revenue and number of loaded sales for one category, city or month',
  fields: (t) => ({
    clave: t.string({ description: 'The category, the city, or the month YYYY-MM' }),
    unidades: t.int(),
    ingresos: t.float(),
    ventas: t.int(),
  }),
});

async function summary(db: Kysely<Database>, dimension: ResumenDimension) {
  const rows = await db.selectFrom('resumen_ventas').select(['clave', 'unidades', 'ingresos', 'ventas']).where('dimension', '=', dimension).orderBy('orden').execute();
  return rows.map((r) => ({ clave: r.clave, unidades: Number(r.unidades), ingresos: Number(r.ingresos), ventas: Number(r.ventas) }));
}

builder.queryFields((t) => ({
  resumenPorCategoria: t.field({ type: [Resumen], resolve: (_r, _a, { db }) => summary(db, 'categoria') }),
  resumenPorCiudad: t.field({ type: [Resumen], resolve: (_r, _a, { db }) => summary(db, 'ciudad') }),
  resumenPorMes: t.field({ type: [Resumen], resolve: (_r, _a, { db }) => summary(db, 'mes') }),
}));
