// Merges spelling variants (case, accents, surrounding spaces) under the most frequent spelling.

export interface CanonicalName {
  id: number;
  name: string;
}

/**
 * Tallies spellings per key in the order they are added; ids follow the first appearance of each key,
 * and a key's name is its most frequent spelling, the first seen on a tie.
 */
export class CanonicalNames {
  private readonly tallies = new Map<string, Map<string, number>>();

  add(key: string, spelling: string): void {
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = new Map()));
    tally.set(spelling, (tally.get(spelling) ?? 0) + 1);
  }

  resolve(): Map<string, CanonicalName> {
    const result = new Map<string, CanonicalName>();
    let id = 0;
    for (const [key, tally] of this.tallies) {
      let name = '';
      let best = 0;
      for (const [spelling, count] of tally) {
        if (count > best) [name, best] = [spelling, count];
      }
      result.set(key, { id: ++id, name });
    }
    return result;
  }
}
