// The nearest known name to a mistyped one (`--data-dri` -> `--data-dir`), for the commands' usage errors.

/** Edit distance (insertions, deletions, substitutions, adjacent swaps count one each). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Suggestions stop at this distance: further than that, a guess misleads more than it helps. */
export const MAX_SUGGESTION_DISTANCE = 2;

/** The closest candidate within MAX_SUGGESTION_DISTANCE (or a candidate the input is a prefix of), else null. */
export function nearest(input: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (bestDistance <= MAX_SUGGESTION_DISTANCE) return best;
  const prefixed = candidates.filter((c) => input.length >= 3 && c.startsWith(input));
  return prefixed.length === 1 ? prefixed[0]! : null;
}
