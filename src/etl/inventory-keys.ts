// The stock rows' duplicate key (fecha, producto_id, almacen) as numbers in off-heap sets: a million keys
// cost about 20 MB, where a Set of 'fecha|producto|almacen' strings cost 60-80 MB of heap.
import { normalizeKey } from '../text/normalize-text.ts';
import { NumberSet } from './number-set.ts';
import { encodeDate } from './worker-protocol.ts';

/** Days fit in 22 bits: (year * 12 + month) * 31 + day is below 2^22 for any 4-digit year. */
const DAY_BITS = 2 ** 22;
/** Products below this pack with the day into one safe integer; larger ids (rare) use a string set. */
const PACKED_PRODUCT_LIMIT = 2 ** 31;

/** The day of an ISO date `YYYY-MM-DD` (as cleanInventario gives it) as a small integer. */
function dayKey(iso: string): number {
  const packed = encodeDate(iso);
  const y = Math.floor(packed / 10000);
  const m = Math.floor(packed / 100) % 100;
  return (y * 12 + (m - 1)) * 31 + ((packed % 100) - 1);
}

/** Normalized warehouse names remembered per raw spelling: a stock file repeats a handful of them. */
const NAME_MEMO_LIMIT = 256;

/** What cleanInventario asks of the keys seen so far; the quarantine's replay passes a constant answer. */
export interface KeyClaims {
  claim(fecha: string, producto: number, almacen: string): boolean;
}

export class InventoryKeys implements KeyClaims {
  /** Per warehouse (by normalized name): the (product, day) pairs claimed. */
  private readonly byWarehouse = new Map<string, NumberSet>();
  private readonly large = new Set<string>();
  private readonly names = new Map<string, string>();

  private warehouseKey(almacen: string): string {
    let key = this.names.get(almacen);
    if (key === undefined) {
      key = normalizeKey(almacen);
      // Bounded: a column of distinct notes typed into `almacen` would otherwise keep every one.
      if (this.names.size >= NAME_MEMO_LIMIT) this.names.clear();
      this.names.set(almacen, key);
    }
    return key;
  }

  /**
   * Claims the key of a loaded stock row; false when an earlier loaded row holds it. Warehouses compare
   * by their normalized name (case, accents and spacing ignored).
   */
  claim(fecha: string, producto: number, almacen: string): boolean {
    const warehouse = this.warehouseKey(almacen);
    if (producto >= PACKED_PRODUCT_LIMIT) {
      const key = `${fecha}|${producto}|${warehouse}`;
      if (this.large.has(key)) return false;
      this.large.add(key);
      return true;
    }
    let set = this.byWarehouse.get(warehouse);
    if (set === undefined) {
      // Small at first: a column of a hundred thousand distinct warehouses (a note typed into `almacen`) is
      // a hundred thousand sets, at 8 KiB each by default.
      set = new NumberSet(16);
      this.byWarehouse.set(warehouse, set);
    }
    return set.add(producto * DAY_BITS + dayKey(fecha) + 1);
  }
}
