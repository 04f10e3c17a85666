// Merges spelling variants (case, accents, surrounding spaces) under the most frequent spelling.

export interface CanonicalName {
  id: number;
  name: string;
}

/**
 * Tallies spellings per key in the order they are added; ids follow the first appearance of each key,
 * and a key's name is its most frequent spelling, the first seen on a tie. Because an id is fixed when
 * its key first appears, rows can be written while the file streams: the name is written with the
 * first spelling and corrected once the file is read (`renamed`).
 *
 * Sized for a column that is not the handful of cities it should be (a million distinct values): per key
 * it keeps the key, its first spelling and that spelling's count; a table of other spellings exists only
 * for keys seen spelled more than one way.
 */
export class CanonicalNames {
  private readonly ids = new Map<string, number>();
  /** By id - 1: the first spelling, and how often it was seen. */
  private readonly firsts: string[] = [];
  private firstCounts = new Int32Array(64);
  /** Keys seen with more than one spelling: their other spellings' counts, in order of appearance. */
  private readonly others = new Map<number, Map<string, number>>();

  get size(): number {
    return this.firsts.length;
  }

  /** Tallies one spelling of `key`; returns the key's id (a new key's is `size` after the call). */
  add(key: string, spelling: string): number {
    const id = this.ids.get(key);
    if (id === undefined) return this.addKey(key, spelling);
    if (spelling === this.firsts[id - 1]) this.firstCounts[id - 1]!++;
    else {
      let tally = this.others.get(id);
      if (!tally) this.others.set(id, (tally = new Map()));
      tally.set(spelling, (tally.get(spelling) ?? 0) + 1);
    }
    return id;
  }

  /** Every key's id and name, in id order. */
  *names(): Generator<CanonicalName> {
    for (let id = 1; id <= this.firsts.length; id++) yield { id, name: this.nameOf(id) };
  }

  /** The keys whose name is not the spelling they first appeared with, in id order. */
  *renamed(): Generator<CanonicalName> {
    for (const id of [...this.others.keys()].sort((a, b) => a - b)) {
      const name = this.nameOf(id);
      if (name !== this.firsts[id - 1]) yield { id, name };
    }
  }

  private addKey(key: string, spelling: string): number {
    const id = this.firsts.length + 1;
    this.ids.set(detached(key), id);
    this.firsts.push(detached(spelling));
    if (id > this.firstCounts.length) {
      const grown = new Int32Array(this.firstCounts.length * 2);
      grown.set(this.firstCounts);
      this.firstCounts = grown;
    }
    this.firstCounts[id - 1] = 1;
    return id;
  }

  private nameOf(id: number): string {
    let name = this.firsts[id - 1]!;
    let best = this.firstCounts[id - 1]!;
    const tally = this.others.get(id);
    if (tally) {
      for (const [spelling, count] of tally) {
        if (count > best) [name, best] = [spelling, count];
      }
    }
    return name;
  }
}

/**
 * A copy of `text` that does not keep alive the string it was cut from. A field is a slice of its decoded
 * chunk of the file, and V8 keeps the whole chunk for as long as the slice lives: a million kept cities
 * kept the whole file's text (measured: 150 MB of a `clientes.csv` of 75 MB). Joining forces a flat copy.
 */
function detached(text: string): string {
  return ` ${text}`.slice(1);
}
