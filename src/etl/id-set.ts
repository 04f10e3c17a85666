// A set of positive integer ids that stays small for millions of dense ids (a bitmap), with a NumberSet for the rest.
import { NumberSet } from './number-set.ts';

const BITMAP_LIMIT = 1 << 28; // ids below this live in the bitmap (at most 32 MiB, grown on demand)

/** What the cleaners ask of a set of ids; the quarantine's replay passes constant answers (replay-rejection.ts). */
export interface IdLookup {
  has(id: number): boolean;
  add(id: number): void;
}

/** An IdSet as its typed arrays, the form it is sent to a worker thread in. */
export interface IdSetData {
  bits: Uint32Array<ArrayBuffer>;
  sparse: Float64Array<ArrayBuffer>;
  sparseSize: number;
}

export class IdSet implements IdLookup {
  private bits = new Uint32Array(1024);
  private sparse = new NumberSet();

  static fromData(data: IdSetData): IdSet {
    const set = new IdSet();
    set.bits = data.bits;
    set.sparse = NumberSet.fromData(data.sparse, data.sparseSize);
    return set;
  }

  toData(): IdSetData {
    const sparse = this.sparse.toData();
    return { bits: this.bits, sparse: sparse.table, sparseSize: sparse.size };
  }

  has(id: number): boolean {
    if (id >= BITMAP_LIMIT) return this.sparse.has(id);
    const word = id >>> 5;
    return word < this.bits.length && (this.bits[word]! & (1 << (id & 31))) !== 0;
  }

  add(id: number): void {
    if (id >= BITMAP_LIMIT) {
      this.sparse.add(id);
      return;
    }
    const word = id >>> 5;
    if (word >= this.bits.length) {
      let size = this.bits.length;
      while (size <= word) size *= 2;
      const grown = new Uint32Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[word]! |= 1 << (id & 31);
  }
}
