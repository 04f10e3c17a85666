// A set of positive safe integers in one open-addressing table of doubles (off the JS heap): about 11-21
// bytes per member, where a Set<number> of large numbers costs 40-50 and grows the heap the GC must walk.

const EMPTY = 0;

export class NumberSet {
  private table: Float64Array<ArrayBuffer>;
  private mask: number;
  size = 0;

  /** `capacity` a power of two: the initial table (grown as needed), small where there are many sets. */
  constructor(capacity = 1 << 10) {
    this.table = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  /** A set from `toData()`'s table, as a worker thread receives it (structured clone copies it once). */
  static fromData(table: Float64Array<ArrayBuffer>, size: number): NumberSet {
    const set = new NumberSet();
    set.table = table;
    set.mask = table.length - 1;
    set.size = size;
    return set;
  }

  toData(): { table: Float64Array<ArrayBuffer>; size: number } {
    return { table: this.table, size: this.size };
  }

  /** `key` must be a safe integer above 0. */
  has(key: number): boolean {
    const table = this.table;
    let i = hash(key) & this.mask;
    for (;;) {
      const v = table[i]!;
      if (v === key) return true;
      if (v === EMPTY) return false;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds `key`; returns false when it was already there. */
  add(key: number): boolean {
    let i = hash(key) & this.mask;
    for (;;) {
      const v = this.table[i]!;
      if (v === key) return false;
      if (v === EMPTY) break;
      i = (i + 1) & this.mask;
    }
    this.table[i] = key;
    // Grow at 3/4 full: linear probing stays short, and the table at most ~2.7x the members.
    if (++this.size * 4 > this.table.length * 3) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.mask = this.table.length - 1;
    for (const v of old) {
      if (v === EMPTY) continue;
      let i = hash(v) & this.mask;
      while (this.table[i] !== EMPTY) i = (i + 1) & this.mask;
      this.table[i] = v;
    }
  }
}

/** Mixes both 32-bit halves of the integer (murmur3's finalizer), so sequential and strided keys spread. */
export function hash(key: number): number {
  let h = (key >>> 0) ^ Math.imul((key / 4294967296) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
