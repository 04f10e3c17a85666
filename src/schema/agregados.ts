// Sales summaries by category, city and month, as each load stored them.
import { salesSummary } from '../queries/sales-summary.ts';
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

builder.queryFields((t) => ({
  resumenPorCategoria: t.field({ type: [Resumen], resolve: (_r, _a, { db }) => salesSummary(db, 'categoria') }),
  resumenPorCiudad: t.field({ type: [Resumen], resolve: (_r, _a, { db }) => salesSummary(db, 'ciudad') }),
  resumenPorMes: t.field({ type: [Resumen], resolve: (_r, _a, { db }) => salesSummary(db, 'mes') }),
}));
