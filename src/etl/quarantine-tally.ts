// Per-reason tallies of one file's quarantine, kept while the rows stream by: the impact of quarantined
// sales and the products that unknown_product rows name. Stored per load (cuarentena_resumen) so that
// validation reads a handful of rows instead of every quarantined one.
import type { ReasonCode } from './codes.ts';
import { IdSet } from './id-set.ts';

/** How many of the smallest unknown product ids are listed; the distinct count covers all of them. */
export const LISTED_PRODUCT_IDS = 100;

export interface ReasonTally {
  rows: number;
  /** Sum of cantidad over the rows whose quantity and price parsed (sales only). */
  units: number | null;
  /** Sum of cantidad * precio_unitario over the same rows. */
  revenue: number | null;
  /** Up to LISTED_PRODUCT_IDS distinct product ids, ascending (unknown_product only). */
  productIds: number[] | null;
  distinctProducts: number | null;
}

interface SaleLike {
  cantidad?: unknown;
  precio_unitario?: unknown;
  producto_id?: unknown;
}

export class QuarantineTally {
  private readonly tallies = new Map<ReasonCode, ReasonTally>();
  private readonly seenProducts = new IdSet();

  add(reason: ReasonCode, values: object | undefined): void {
    let t = this.tallies.get(reason);
    if (t === undefined) {
      t = { rows: 0, units: null, revenue: null, productIds: null, distinctProducts: null };
      this.tallies.set(reason, t);
    }
    t.rows++;
    if (values === undefined) return;
    const v = values as SaleLike;
    if (typeof v.cantidad === 'number' && typeof v.precio_unitario === 'number') {
      t.units = (t.units ?? 0) + v.cantidad;
      t.revenue = (t.revenue ?? 0) + v.cantidad * v.precio_unitario;
    }
    if (reason === 'unknown_product' && typeof v.producto_id === 'number') this.noteProduct(t, v.producto_id);
  }

  private noteProduct(t: ReasonTally, id: number): void {
    if (this.seenProducts.has(id)) return;
    this.seenProducts.add(id);
    t.distinctProducts = (t.distinctProducts ?? 0) + 1;
    const ids = (t.productIds ??= []);
    if (ids.length === LISTED_PRODUCT_IDS && id > ids[ids.length - 1]!) return;
    // Sorted insert into a list of at most 100: cheaper than sorting every distinct id at the end.
    let at = ids.length;
    while (at > 0 && ids[at - 1]! > id) at--;
    ids.splice(at, 0, id);
    if (ids.length > LISTED_PRODUCT_IDS) ids.pop();
  }

  /** Plain data: crosses the worker boundary and is written as-is. */
  toJSON(): Partial<Record<ReasonCode, ReasonTally>> {
    return Object.fromEntries(
      [...this.tallies].map(([reason, t]) => [reason, { ...t, revenue: t.revenue === null ? null : Math.round(t.revenue * 100) / 100 }]),
    );
  }
}
