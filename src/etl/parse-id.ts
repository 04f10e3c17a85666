// Parses the IDs of every file (`prod001`, `PROD-001`, `V00042`, ` 1 `) into a positive integer.
import type { Parsed } from './parsed.ts';

const MISSING: Parsed<never> = { ok: false, reason: 'missing_value', message: 'empty value' };
// The general form, for prefixes beyond ASCII (`cód-7`): digits are never part of a prefix, so `P2024-001` fails.
const SLOW_ID = /^\p{L}+[-_#]?(\d+)$/u;

function invalid(raw: string, why?: string): Parsed<never> {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  return { ok: false, reason: 'invalid_id', message: `not an id: ${JSON.stringify(shown)}${why ? ` (${why})` : ''}` };
}

function isLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

/**
 * An optional prefix of letters, optionally followed by one of `-`, `_`, `#`, then digits; surrounding
 * whitespace ignored. The value is the integer of the digits, which must be a safe integer above 0.
 */
export function parseId(raw: string): Parsed<number> {
  const s = raw.trim();
  const n = s.length;
  if (n === 0) return MISSING;

  // One pass over char codes: this runs on two or three fields of every row.
  let i = 0;
  let c = s.charCodeAt(0);
  while (isLetter(c)) c = s.charCodeAt(++i);
  if (c > 0x7f) return slowPath(raw, s);
  if (i > 0 && (c === 0x2d /* - */ || c === 0x5f /* _ */ || c === 0x23) /* # */) c = s.charCodeAt(++i);
  if (i === n) return invalid(raw, 'no digits');

  let value = 0;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return c > 0x7f ? slowPath(raw, s) : invalid(raw);
    value = value * 10 + (c - 0x30);
  }
  return checked(raw, value);
}

function slowPath(raw: string, s: string): Parsed<number> {
  const m = SLOW_ID.exec(s);
  if (m === null) return invalid(raw);
  return checked(raw, Number(m[1]));
}

function checked(raw: string, value: number): Parsed<number> {
  if (value === 0) return invalid(raw, 'must be positive');
  // Past 2^53 the digits no longer map to one integer: two different IDs could collide.
  if (value > Number.MAX_SAFE_INTEGER) return invalid(raw, 'too large');
  return { ok: true, value };
}
