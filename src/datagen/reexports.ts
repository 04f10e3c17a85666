// duplicate_id the way a stock export really repeats itself: a job that re-sends the recent
// snapshots again and again, so most rows are a (fecha, producto_id, almacen) already loaded.
// Fresh rows come in short runs; after each, re-sent rows replay the most recent loaded keys,
// oldest first, until the re-sent share is back at its target. The share therefore holds within
// one fresh run at any file size, and memory is one fixed window of keys.
import type { ReexportOptions } from './profiles.ts';
import type { Rng } from './random.ts';

export class Reexports {
  private readonly ring: Int32Array;
  private readonly capacity: number;
  private size = 0;
  private head = 0;
  private rows = 0;
  private resent = 0;
  private freshLeft = 0;
  private replaying = false;
  private start = 0;
  private window = 0;
  private cursor = 0;

  constructor(
    private readonly options: ReexportOptions,
    private readonly rng: Rng,
  ) {
    if (!(options.share >= 0 && options.share < 1)) throw new RangeError('the re-sent share must be in [0, 1)');
    this.capacity = Math.max(1, options.windowRows);
    this.ring = new Int32Array(3 * this.capacity);
  }

  /** A key just loaded: from now on it may be re-sent. */
  add(day: number, product: number, warehouse: number): void {
    this.ring[3 * this.head] = day;
    this.ring[3 * this.head + 1] = product;
    this.ring[3 * this.head + 2] = warehouse;
    this.head = (this.head + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Whether the next row re-sends a loaded key (then `key` gives it). */
  next(): boolean {
    this.rows++;
    if (!this.replaying && this.freshLeft > 0) {
      this.freshLeft--;
      return false;
    }
    if (this.size > 0 && this.resent < this.options.share * this.rows) {
      if (!this.replaying) {
        this.replaying = true;
        this.window = this.size;
        this.start = (this.head - this.size + this.capacity) % this.capacity;
        this.cursor = 0;
      }
      this.resent++;
      return true;
    }
    this.replaying = false;
    this.freshLeft = this.rng.int(Math.max(1, this.options.freshRunMax));
    return false;
  }

  /** The re-sent key as [day, product id, warehouse index]. */
  key(out: Int32Array): void {
    const at = (this.start + this.cursor) % this.capacity;
    this.cursor = (this.cursor + 1) % this.window;
    out[0] = this.ring[3 * at]!;
    out[1] = this.ring[3 * at + 1]!;
    out[2] = this.ring[3 * at + 2]!;
  }
}
