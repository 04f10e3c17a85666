// A map from positive integer ids to small non-negative integers (a client's city id, a product's
// category id), kept off the JS heap: a dense array for ids below 2^22, an open-addressing table for the
// rest. A million clients cost 4-32 MB of typed arrays instead of a 60 MB Map the GC must walk, and the
// map travels to a worker thread as three typed arrays (one memcpy each) instead of a million cloned pairs.
import { hash } from './number-set.ts';

/** Ids below this live in the dense array (at most 16 MiB, grown on demand). */
const DENSE_LIMIT = 1 << 22;
const EMPTY = 0;

/** What a cleaner asks of an id map; a `Map<number, number>` is one too. */
export interface IdMapLookup {
  get(id: number): number | undefined;
}

/** An IdMap as its typed arrays, the form it is sent to a worker thread in. */
export interface IdMapData {
  /** value + 1 per id; 0 where the id is absent. */
  dense: Int32Array<ArrayBuffer>;
  keys: Float64Array<ArrayBuffer>;
  values: Int32Array<ArrayBuffer>;
  sparseSize: number;
}

export class IdMap implements IdMapLookup {
  private dense = new Int32Array(1024);
  private keys = new Float64Array(64);
  private values = new Int32Array(64);
  private mask = 63;
  private sparseSize = 0;

  static fromData(data: IdMapData): IdMap {
    const map = new IdMap();
    map.dense = data.dense;
    map.keys = data.keys;
    map.values = data.values;
    map.mask = data.keys.length - 1;
    map.sparseSize = data.sparseSize;
    return map;
  }

  toData(): IdMapData {
    return { dense: this.dense, keys: this.keys, values: this.values, sparseSize: this.sparseSize };
  }

  get(id: number): number | undefined {
    if (id < DENSE_LIMIT) {
      const v = id < this.dense.length ? this.dense[id]! : 0;
      return v === 0 ? undefined : v - 1;
    }
    let i = hash(id) & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === id) return this.values[i];
      if (k === EMPTY) return undefined;
      i = (i + 1) & this.mask;
    }
  }

  /** `id` a safe integer above 0, `value` an integer from 0 to 2^31 - 2. */
  set(id: number, value: number): void {
    if (id < DENSE_LIMIT) {
      if (id >= this.dense.length) {
        let size = this.dense.length;
        while (size <= id) size *= 2;
        const grown = new Int32Array(size);
        grown.set(this.dense);
        this.dense = grown;
      }
      this.dense[id] = value + 1;
      return;
    }
    let i = hash(id) & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === id) {
        this.values[i] = value;
        return;
      }
      if (k === EMPTY) break;
      i = (i + 1) & this.mask;
    }
    this.keys[i] = id;
    this.values[i] = value;
    // Grow at 3/4 full, as NumberSet does.
    if (++this.sparseSize * 4 > this.keys.length * 3) this.grow();
  }

  private grow(): void {
    const [keys, values] = [this.keys, this.values];
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      if (k === EMPTY) continue;
      let i = hash(k) & this.mask;
      while (this.keys[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.values[i] = values[j]!;
    }
  }
}
