// Merges spelling variants (case, accents, surrounding spaces) under the most frequent spelling.

export interface CanonicalName {
  id: number;
  name: string;
}

interface Tally {
  id: number;
  first: string;
  spellings: Map<string, number>;
}

/**
 * Tallies spellings per key in the order they are added; ids follow the first appearance of each key,
 * and a key's name is its most frequent spelling, the first seen on a tie. Because an id is fixed when
 * its key first appears, rows can be written while the file streams: the name is written with the
 * first spelling and corrected once the file is read (`renamed`).
 */
export class CanonicalNames {
  private readonly tallies = new Map<string, Tally>();

  has(key: string): boolean {
    return this.tallies.has(key);
  }

  /** Tallies one spelling of `key`; returns the key's id. */
  add(key: string, spelling: string): number {
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = { id: this.tallies.size + 1, first: spelling, spellings: new Map() }));
    tally.spellings.set(spelling, (tally.spellings.get(spelling) ?? 0) + 1);
    return tally.id;
  }

  resolve(): Map<string, CanonicalName> {
    const result = new Map<string, CanonicalName>();
    for (const [key, tally] of this.tallies) result.set(key, { id: tally.id, name: mostFrequent(tally.spellings) });
    return result;
  }

  /** The keys whose name is not the spelling they first appeared with. */
  renamed(): CanonicalName[] {
    const result: CanonicalName[] = [];
    for (const tally of this.tallies.values()) {
      const name = mostFrequent(tally.spellings);
      if (name !== tally.first) result.push({ id: tally.id, name });
    }
    return result;
  }
}

function mostFrequent(spellings: Map<string, number>): string {
  let name = '';
  let best = 0;
  for (const [spelling, count] of spellings) {
    if (count > best) [name, best] = [spelling, count];
  }
  return name;
}
