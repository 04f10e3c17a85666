// Checks over loaded rows that carry a finding: returns, unknown clients, future dates, negative stock.
// Counts and sums are SQL aggregates (returns and unknown clients from the run's one pass over the sales);
// samples and id lists are LIMIT queries, and the sample queries run only when there is something to show.
import { sql } from 'kysely';
import type { Check, CheckFinding } from '../types.ts';
import { boundedIds, MAX_LISTED_IDS } from './bounded-list.ts';
import { rowsWithinSummarizedRange } from './column-range.ts';
import { salesTallies } from './sales-scan.ts';

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

// Sales samples are the affected sales with the lowest ids: walking ventas in key order stops at the
// sampleSize-th match, where ordering by line would sort every affected sale (the two orders agree
// whenever the file lists sales by id).
export const returns: Check = {
  code: 'returns',
  severity: 'WARNING',
  description: 'Loaded sales with quantity 0 (returns)',
  async run(ctx): Promise<CheckFinding> {
    const n = (await salesTallies(ctx)).returns;
    const samples =
      n === 0
        ? []
        : await ctx.db
            .selectFrom('ventas as v')
            .where('v.cantidad', '=', 0)
            .select(saleSample)
            .orderBy('v.venta_id')
            .limit(ctx.config.sampleSize)
            .execute();
    return { passed: n === 0, rowsAffected: n, samples, impact: null, details: {} };
  },
};

export const unknownClients: Check = {
  code: 'unknown_clients',
  severity: 'WARNING',
  description: 'Loaded sales of clients that are not loaded (city ciudad_desconocida)',
  async run(ctx): Promise<CheckFinding> {
    const totals = (await salesTallies(ctx)).unknownClients;
    const n = totals.rows;
    if (n === 0)
      return {
        passed: true,
        rowsAffected: 0,
        samples: [],
        impact: null,
        details: { unknownClientIds: [], unknownClientIdsTruncated: false },
      };
    const samples = await ctx.db
      .selectFrom('ventas as v')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('clientes as c').select('c.cliente_id').whereRef('c.cliente_id', '=', 'v.cliente_id'))),
      )
      .select(saleSample)
      .orderBy('v.venta_id')
      .limit(ctx.config.sampleSize)
      .execute();
    // The distinct client ids of the sales come from ventas_cliente_idx alone; only those are looked up.
    const ids = await ctx.db
      .selectFrom((eb) => eb.selectFrom('ventas').select('cliente_id').distinct().as('d'))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('clientes as c').select('c.cliente_id').whereRef('c.cliente_id', '=', 'd.cliente_id'))),
      )
      .select('d.cliente_id')
      .orderBy('d.cliente_id')
      .limit(MAX_LISTED_IDS + 1)
      .execute();
    const listed = boundedIds(ids.map((r) => Number(r.cliente_id)));
    return {
      passed: false,
      rowsAffected: n,
      samples,
      impact: { unidades: totals.unidades, ingresos: totals.ingresos },
      details: { unknownClientIds: listed.ids, unknownClientIdsTruncated: listed.truncated },
    };
  },
};

export const futureDates: Check = {
  code: 'future_dates',
  severity: 'WARNING',
  description: 'Sales and stock rows dated after the as-of date',
  async run(ctx): Promise<CheckFinding> {
    const sales = ctx.db.selectFrom('ventas as v').where('v.fecha', '>', ctx.asOf);
    const stock = ctx.db.selectFrom('inventario as i').where('i.fecha', '>', ctx.asOf);
    const salesTotals = await sales
      .select([sums.n.as('n'), sums.unidades.as('unidades'), sums.ingresos.as('ingresos')])
      .executeTakeFirstOrThrow();
    const { n: stockRows } = await stock.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const saleSamples = await sales.select(saleSample).orderBy('v.linea').limit(ctx.config.sampleSize).execute();
    const stockSamples = await stock
      .select(['i.linea', 'i.fecha', 'i.producto_id', 'i.almacen', 'i.stock'])
      .orderBy('i.linea')
      .limit(ctx.config.sampleSize)
      .execute();
    const samples = [
      ...saleSamples.map((s) => ({ archivo: 'ventas.csv', ...s })),
      ...stockSamples.map((s) => ({ archivo: 'inventario.csv', ...s })),
    ].slice(0, ctx.config.sampleSize);
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
    // No stock below 0 in the load's summary of the column: nothing to count (column-range.ts).
    if ((await rowsWithinSummarizedRange(ctx, 'inventario', 'stock', 0, null)) !== null)
      return { passed: true, rowsAffected: 0, samples: [], impact: null, details: { totalNegativeStock: 0 } };
    const base = ctx.db.selectFrom('inventario as i').where('i.stock', '<', 0);
    const totals = await base
      .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(i.stock), 0)`.as('stock')])
      .executeTakeFirstOrThrow();
    const n = Number(totals.n);
    // Stock rows are stored in file order (their id), so the first lines are found without sorting every match.
    const samples =
      n === 0
        ? []
        : await base
            .select(['i.linea', 'i.fecha', 'i.producto_id', 'i.almacen', 'i.stock'])
            .orderBy('i.id')
            .limit(ctx.config.sampleSize)
            .execute();
    return { passed: n === 0, rowsAffected: n, samples, impact: null, details: { totalNegativeStock: Number(totals.stock) } };
  },
};
