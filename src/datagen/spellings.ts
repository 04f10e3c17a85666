// Which spelling of a category or city the ETL must store: variants that differ only in case,
// accents or whitespace are one value, named by the spelling most frequent among loaded rows.

/** The comparison key of docs/data-decisions.md: trimmed, lower-cased, accents removed, inner whitespace collapsed. */
export function spellingKey(text: string): string {
  return text.trim().normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ');
}

/** Tallies the (trimmed) spellings of loaded rows; resolves each key to its most frequent one, the first seen on a tie. */
export class SpellingTally {
  private readonly byKey = new Map<string, Map<string, number>>();

  add(spelling: string): void {
    const key = spellingKey(spelling);
    let counts = this.byKey.get(key);
    if (!counts) this.byKey.set(key, (counts = new Map()));
    const trimmed = spelling.trim();
    counts.set(trimmed, (counts.get(trimmed) ?? 0) + 1);
  }

  /** The canonical name of a spelling's key. */
  canonical(spelling: string): string {
    const counts = this.byKey.get(spellingKey(spelling));
    if (!counts) throw new Error(`no loaded row spells ${JSON.stringify(spelling)}`);
    let best = '';
    let bestCount = 0;
    for (const [name, n] of counts) {
      if (n > bestCount) [best, bestCount] = [name, n];
    }
    return best;
  }

  /** Canonical names in order of first appearance. */
  names(): string[] {
    return [...this.byKey.values()].map((counts) => this.canonical(counts.keys().next().value!));
  }
}
