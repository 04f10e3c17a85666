// Seeded pseudo-random numbers: the whole data set must be byte-identical for a given seed,
// so nothing here may touch Math.random or the clock.

/** mulberry32: tiny, fast, and good enough for test data (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi], both included. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/**
 * A seed for one stream of the data set, so that e.g. changing the number of sales
 * does not reshuffle the inventory generated from the same top-level seed.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  h ^= Math.floor(seed / 4294967296);
  // splitmix-style finaliser so that neighbouring seeds give unrelated streams
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Chooses among a list of options: each option once, in order, on the first uses (so even a
 * tiny data set shows every format), then the first option `commonShare` of the time and any
 * option otherwise (real exports mostly use one spelling, with a tail of odd ones).
 */
export class Picker {
  private uses = 0;

  constructor(
    private readonly size: number,
    private readonly rng: Rng,
    private readonly commonShare = 0.5,
  ) {}

  next(): number {
    if (this.uses < this.size) return this.uses++;
    return this.rng.next() < this.commonShare ? 0 : this.rng.int(this.size);
  }
}

/** Chooses among items in proportion to their weights, one draw per pick. */
export class Weighted<T> {
  private readonly items: T[] = [];
  private readonly bounds: number[] = [];

  constructor(
    weights: ReadonlyArray<readonly [T, number]>,
    private readonly rng: Rng,
  ) {
    let total = 0;
    for (const [, w] of weights) total += w;
    if (!(total > 0)) throw new Error('weights must add up to more than 0');
    let sum = 0;
    for (const [item, w] of weights) {
      if (w <= 0) continue;
      sum += w;
      this.items.push(item);
      this.bounds.push(sum / total);
    }
  }

  pick(): T {
    const u = this.rng.next();
    for (let i = 0; i < this.bounds.length - 1; i++) if (u < this.bounds[i]!) return this.items[i]!;
    return this.items[this.items.length - 1]!;
  }
}
