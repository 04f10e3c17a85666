// Maps a file's header cells to the required columns, ignoring case, accents, surrounding spaces and order.
import { normalizeHeader } from '../text/normalize-text.ts';

export interface HeaderMatch<C extends string> {
  /** Position of each required column in a record. */
  positions: Record<C, number>;
  /** Required columns absent from the header, in the contract's order. */
  missing: C[];
  /** Header cells that are not required columns (or repeat one), as written; unnamed ones as `(column N)`. */
  ignored: string[];
}

export function matchHeaders<C extends string>(cells: readonly string[], required: readonly C[]): HeaderMatch<C> {
  const wanted = new Map<string, C>(required.map((c) => [normalizeHeader(c), c]));
  const positions = {} as Record<C, number>;
  const ignored: string[] = [];
  cells.forEach((cell, index) => {
    const column = wanted.get(normalizeHeader(cell));
    if (column !== undefined && positions[column] === undefined) positions[column] = index;
    else ignored.push(cell.trim() === '' ? `(column ${index + 1})` : cell.trim());
  });
  const missing = required.filter((c) => positions[c] === undefined);
  return { positions, missing, ignored };
}
