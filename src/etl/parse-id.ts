// Parses the IDs of every file (`prod001`, `PROD-001`, `#038`, `N°24`, `ID 62`, ` 1 `) into a positive integer.
import type { Parsed } from './parsed.ts';

const MISSING: Parsed<never> = { ok: false, reason: 'missing_value', message: 'empty value' };

function invalid(raw: string, why?: string): Parsed<never> {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  return { ok: false, reason: 'invalid_id', message: `not an id: ${JSON.stringify(shown)}${why ? ` (${why})` : ''}` };
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSignOrSpace = (c: number) => c === 0x2d /* - */ || c === 0x2b /* + */ || c === 0x20 || c === 0x09;

/**
 * The contract's grammar: an optional prefix of non-digit characters, then digits to the end; surrounding
 * whitespace ignored. The value is the integer of the digits, a safe integer above 0 (1 to 2^53 - 1).
 * A prefix made only of signs (`-3`, `+3`) reads as a signed number, not an id, and is rejected.
 */
export function parseId(raw: string): Parsed<number> {
  const s = raw.trim();
  const n = s.length;
  if (n === 0) return MISSING;

  // One pass over char codes, no regex: this runs on two or three fields of every row.
  let i = 0;
  let onlySigns = true;
  let c = s.charCodeAt(0);
  while (i < n && !isDigit(c)) {
    if (onlySigns && !isSignOrSpace(c)) onlySigns = false;
    c = s.charCodeAt(++i);
  }
  if (i === n) return invalid(raw, 'no digits');
  if (i > 0 && onlySigns) return invalid(raw, 'a signed number');

  let value = 0;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (!isDigit(c)) return invalid(raw);
    value = value * 10 + (c - 0x30);
  }
  if (value === 0) return invalid(raw, 'must be positive');
  // Past 2^53 the digits no longer map to one integer: two different IDs could collide.
  if (value > Number.MAX_SAFE_INTEGER) return invalid(raw, 'too large');
  return { ok: true, value };
}
