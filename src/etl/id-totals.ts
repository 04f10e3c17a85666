// Units, revenue and sale counts per id (a client), kept in typed arrays: an IdMap gives each id a slot,
// the slots' sums live in three growing arrays. A million clients cost about 28 MB instead of a million
// objects in a Map, and a few dozen clients cost almost nothing. The load keeps the top ones by revenue.
import { growFloat64 } from './grow-float64.ts';
import { IdMap } from './id-map.ts';

export interface IdTotal {
  id: number;
  unidades: number;
  ingresos: number;
  ventas: number;
}

export class IdTotals {
  private readonly slots = new IdMap();
  private ids = new Float64Array(64);
  private units = new Float64Array(64);
  private revenue = new Float64Array(64);
  private counts = new Float64Array(64);
  private size = 0;

  /** `id` a safe integer above 0. */
  add(id: number, cantidad: number, precio: number): void {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      if (this.size === this.ids.length) this.grow();
      slot = this.size++;
      this.slots.set(id, slot);
      this.ids[slot] = id;
    }
    this.units[slot]! += cantidad;
    this.revenue[slot]! += cantidad * precio;
    this.counts[slot]! += 1;
  }

  /** How many distinct ids were added. */
  get count(): number {
    return this.size;
  }

  /** The `k` ids with the most revenue, most first (ties: the lower id first). */
  top(k: number): IdTotal[] {
    // A bounded selection: the best k so far, sorted, each candidate inserted in place (k is small).
    const best: number[] = [];
    const before = (a: number, b: number) =>
      this.revenue[a]! > this.revenue[b]! || (this.revenue[a] === this.revenue[b] && this.ids[a]! < this.ids[b]!);
    for (let slot = 0; slot < this.size; slot++) {
      if (best.length === k && !before(slot, best[k - 1]!)) continue;
      let at = best.length === k ? k - 1 : best.length;
      while (at > 0 && before(slot, best[at - 1]!)) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = slot;
    }
    return best.map((s) => ({ id: this.ids[s]!, unidades: this.units[s]!, ingresos: this.revenue[s]!, ventas: this.counts[s]! }));
  }

  private grow(): void {
    const size = this.ids.length * 2;
    this.ids = growFloat64(this.ids, size);
    this.units = growFloat64(this.units, size);
    this.revenue = growFloat64(this.revenue, size);
    this.counts = growFloat64(this.counts, size);
  }
}
