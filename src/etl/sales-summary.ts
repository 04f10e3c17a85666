// Accumulates units, revenue and sale counts by product (and so category), city, month, day and client while
// sales are written, so the summaries (and the load's per-day metrics, and the shipped checks on products and
// clients) cost no extra pass over the table.

import type { ResumenDimension } from '../db/tables.ts';
import type { IdMapLookup } from './id-map.ts';
import { IdTotals } from './id-totals.ts';
import { dateDecoder } from './worker-protocol.ts';

/** Per-day rows kept: the latest days that have sales, about a year (what the anomaly checks compare). */
export const SUMMARY_DAYS = 366;

/**
 * Client rows kept: the clients with the most revenue. Any client above 1% of the revenue is among them, so a
 * concentration check (the shipped one asks for 20%) reads these rows instead of grouping every sale.
 */
export const SUMMARY_TOP_CLIENTS = 100;

export interface SummaryRow {
  dimension: ResumenDimension;
  clave: string;
  orden: number;
  unidades: number;
  ingresos: number;
  ventas: number;
}

interface Totals {
  unidades: number;
  ingresos: number;
  ventas: number;
}

const add = (map: Map<number, Totals>, key: number, cantidad: number, precio: number) => {
  let t = map.get(key);
  if (!t) map.set(key, (t = { unidades: 0, ingresos: 0, ventas: 0 }));
  t.unidades += cantidad;
  t.ingresos += cantidad * precio;
  t.ventas += 1;
};

export class SalesSummary {
  private readonly byProduct = new Map<number, Totals>();
  private readonly byCity = new Map<number, Totals>();
  /** Keyed by yyyymm. */
  private readonly byMonth = new Map<number, Totals>();
  /** Keyed by yyyymmdd. */
  private readonly byDay = new Map<number, Totals>();
  private readonly byClient = new IdTotals();

  /** `fecha` packed as yyyymmdd. */
  add(productoId: number, ciudadId: number, clienteId: number, fecha: number, cantidad: number, precio: number): void {
    add(this.byProduct, productoId, cantidad, precio);
    this.byClient.add(clienteId, cantidad, precio);
    add(this.byCity, ciudadId, cantidad, precio);
    add(this.byMonth, Math.floor(fecha / 100), cantidad, precio);
    add(this.byDay, fecha, cantidad, precio);
  }

  /**
   * Summary rows, one at a time; every category and city appears (0 without sales), every product with sales,
   * and the SUMMARY_TOP_CLIENTS clients with the most revenue (`orden` their rank). Revenue is rounded to
   * cents once, at the end, so float error does not build up per row.
   */
  *rows(
    categoryOfProduct: IdMapLookup,
    categories: Iterable<{ id: number; name: string }>,
    cities: Iterable<{ id: number; name: string }>,
  ): Generator<SummaryRow> {
    const byCategory = new Map<number, Totals>();
    for (const [product, t] of this.byProduct) {
      const category = categoryOfProduct.get(product)!;
      const c = byCategory.get(category) ?? { unidades: 0, ingresos: 0, ventas: 0 };
      byCategory.set(category, { unidades: c.unidades + t.unidades, ingresos: c.ingresos + t.ingresos, ventas: c.ventas + t.ventas });
    }
    const zero = { unidades: 0, ingresos: 0, ventas: 0 };
    const row = (dimension: SummaryRow['dimension'], clave: string, orden: number, t: Totals): SummaryRow => ({
      dimension,
      clave,
      orden,
      unidades: t.unidades,
      ingresos: Math.round(t.ingresos * 100) / 100,
      ventas: t.ventas,
    });
    for (const c of categories) yield row('categoria', c.name, c.id, byCategory.get(c.id) ?? zero);
    for (const c of cities) yield row('ciudad', c.name, c.id, this.byCity.get(c.id) ?? zero);
    for (const [product, t] of [...this.byProduct].sort((a, b) => a[0] - b[0])) yield row('producto', String(product), product, t);
    for (const [rank, c] of this.byClient.top(SUMMARY_TOP_CLIENTS).entries()) yield row('cliente', String(c.id), rank + 1, c);
    for (const [month, t] of [...this.byMonth].sort((a, b) => a[0] - b[0])) {
      yield row('mes', `${String(Math.floor(month / 100)).padStart(4, '0')}-${String(month % 100).padStart(2, '0')}`, month, t);
    }
    const days = [...this.byDay].sort((a, b) => b[0] - a[0]).slice(0, SUMMARY_DAYS);
    const isoDay = dateDecoder();
    for (const [day, t] of days.reverse()) yield row('dia', isoDay(day), day, t);
  }
}
