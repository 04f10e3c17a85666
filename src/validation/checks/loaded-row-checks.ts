// Checks over loaded rows that carry a finding: returns, unknown clients, future dates, negative stock.
import { sql } from 'kysely';
import type { Check, CheckFinding } from '../types.ts';

const saleSample = ['v.venta_id', 'v.linea', 'v.fecha', 'v.producto_id', 'v.cliente_id', 'v.cantidad', 'v.precio_unitario'] as const;
const sums = {
  n: sql<number>`count(*)`,
  unidades: sql<number>`coalesce(sum(v.cantidad), 0)`,
  ingresos: sql<number>`coalesce(sum(v.cantidad * v.precio_unitario), 0)`,
};
const impactOf = (row: { unidades: unknown; ingresos: unknown }) => ({
  unidades: Number(row.unidades),
  ingresos: Math.round(Number(row.ingresos) * 100) / 100,
});

export const returns: Check = {
  code: 'returns',
  severity: 'WARNING',
  description: 'Loaded sales with quantity 0 (returns)',
  async run(ctx): Promise<CheckFinding> {
    const base = ctx.db.selectFrom('ventas as v').where('v.cantidad', '=', 0);
    const { n } = await base.select(sums.n.as('n')).executeTakeFirstOrThrow();
    const samples = await base.select(saleSample).orderBy('v.linea').limit(ctx.config.sampleSize).execute();
    return { passed: Number(n) === 0, rowsAffected: Number(n), samples, impact: null, details: {} };
  },
};

export const unknownClients: Check = {
  code: 'unknown_clients',
  severity: 'WARNING',
  description: 'Loaded sales of clients that are not loaded (city ciudad_desconocida)',
  async run(ctx): Promise<CheckFinding> {
    const base = ctx.db
      .selectFrom('ventas as v')
      .leftJoin('clientes as c', 'c.cliente_id', 'v.cliente_id')
      .where('c.cliente_id', 'is', null);
    const totals = await base.select([sums.n.as('n'), sums.unidades.as('unidades'), sums.ingresos.as('ingresos')]).executeTakeFirstOrThrow();
    const samples = await base.select(saleSample).orderBy('v.linea').limit(ctx.config.sampleSize).execute();
    const ids = await base.select('v.cliente_id').distinct().orderBy('v.cliente_id').limit(100).execute();
    const n = Number(totals.n);
    return { passed: n === 0, rowsAffected: n, samples, impact: n === 0 ? null : impactOf(totals), details: { unknownClientIds: ids.map((r) => r.cliente_id) } };
  },
};

export const futureDates: Check = {
  code: 'future_dates',
  severity: 'WARNING',
  description: 'Sales and stock rows dated after the as-of date',
  async run(ctx): Promise<CheckFinding> {
    const sales = ctx.db.selectFrom('ventas as v').where('v.fecha', '>', ctx.asOf);
    const stock = ctx.db.selectFrom('inventario as i').where('i.fecha', '>', ctx.asOf);
    const salesTotals = await sales.select([sums.n.as('n'), sums.unidades.as('unidades'), sums.ingresos.as('ingresos')]).executeTakeFirstOrThrow();
    const { n: stockRows } = await stock.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const saleSamples = await sales.select(saleSample).orderBy('v.linea').limit(ctx.config.sampleSize).execute();
    const stockSamples = await stock.select(['i.linea', 'i.fecha', 'i.producto_id', 'i.almacen', 'i.stock']).orderBy('i.linea').limit(ctx.config.sampleSize).execute();
    const samples = [...saleSamples.map((s) => ({ archivo: 'ventas.csv', ...s })), ...stockSamples.map((s) => ({ archivo: 'inventario.csv', ...s }))].slice(0, ctx.config.sampleSize);
    const n = Number(salesTotals.n) + Number(stockRows);
    return {
      passed: n === 0,
      rowsAffected: n,
      samples,
      impact: Number(salesTotals.n) === 0 ? null : impactOf(salesTotals),
      details: { asOf: ctx.asOf, sales: Number(salesTotals.n), stock: Number(stockRows) },
    };
  },
};

export const negativeStock: Check = {
  code: 'negative_stock',
  severity: 'ERROR',
  description: 'Loaded stock rows with a negative stock',
  async run(ctx): Promise<CheckFinding> {
    const base = ctx.db.selectFrom('inventario as i').where('i.stock', '<', 0);
    const totals = await base.select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(i.stock), 0)`.as('stock')]).executeTakeFirstOrThrow();
    const samples = await base.select(['i.linea', 'i.fecha', 'i.producto_id', 'i.almacen', 'i.stock']).orderBy('i.linea').limit(ctx.config.sampleSize).execute();
    const n = Number(totals.n);
    return { passed: n === 0, rowsAffected: n, samples, impact: null, details: { totalNegativeStock: Number(totals.stock) } };
  },
};
