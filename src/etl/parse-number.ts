// Parses prices, quantities and stock as written by spreadsheets in any locale (`1.234,56 €`, `$1,234.56`, `-$5`).
import type { Parsed } from './parsed.ts';

/**
 * How to read a number with only one kind of separator (`1.234`, `12,50`): `auto` is the contract's rule
 * (thousands when every group after it has exactly three digits, else a single occurrence is decimal).
 */
export type LoneSeparator = 'auto' | 'decimal' | 'thousands';
export interface NumberOptions {
  loneSeparator: LoneSeparator;
}
export const DEFAULT_NUMBER_OPTIONS: NumberOptions = Object.freeze({ loneSeparator: 'auto' });

const MISSING: Parsed<never> = { ok: false, reason: 'missing_value', message: 'empty value' };
const NON_DIGITS = /\D/g;
// Up to 15 digits the mantissa is an exact double and so is 10^k: one IEEE division is then correctly
// rounded, the same double as Number('1234.56'), without building a string.
const EXACT_DIGITS = 15;
const POW10 = Array.from({ length: EXACT_DIGITS + 1 }, (_, k) => 10 ** k);

const DOT = 0x2e;
const COMMA = 0x2c;
const SPACE = 0x20;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOLLAR = 0x24;
const EURO = 0x20ac;

function invalid(raw: string, why?: string): Parsed<never> {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  return { ok: false, reason: 'invalid_number', message: `not a number: ${JSON.stringify(shown)}${why ? ` (${why})` : ''}` };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Spaces that locales put between thousands: plain, no-break (fr/es exports) and narrow/thin no-break. */
function isInnerSpace(c: number): boolean {
  return c === SPACE || c === 0xa0 || c === 0x202f || c === 0x2009;
}

/**
 * A number: an optional sign and currency sign (`$`, `€`) in either order before it, or the currency sign
 * after it; digits with `.`, `,` or spaces between them. Where both `.` and `,` appear the last is the
 * decimal separator and the other must group by threes; spaces only group thousands; a lone separator
 * follows `options.loneSeparator`. Negative values are returned as such: the caller checks the sign.
 */
export function parseDecimal(raw: string, options: NumberOptions = DEFAULT_NUMBER_OPTIONS): Parsed<number> {
  return parseNumber(raw, options.loneSeparator, false);
}

/** As parseDecimal, for quantities and stock: the value must be whole (`3,0` is 3, `3,5` is invalid). */
export function parseWholeNumber(raw: string, options: NumberOptions = DEFAULT_NUMBER_OPTIONS): Parsed<number> {
  return parseNumber(raw, options.loneSeparator, true);
}

// One pass over char codes, no regex and no intermediate string: this runs on two fields of every sale.
// The prefix and body scans stay inline because what they find is a dozen figures, and returning them in an
// object or sharing a module-level one cost 15-40% per call (BENCHMARKS.md, field parsers); the steps after
// them (suffix, decimal places, value) are named functions of plain numbers.
function parseNumber(raw: string, rule: LoneSeparator, whole: boolean): Parsed<number> {
  const s = raw.trim();
  const n = s.length;
  if (n === 0) return MISSING;
  // Prefix: sign and currency sign in either order, spaces allowed between them.
  let i = 0;
  let c = s.charCodeAt(0);
  let negative = false;
  let signs = 0;
  let currencies = 0;
  for (;;) {
    if (c === MINUS) {
      negative = true;
      signs++;
    } else if (c === PLUS) {
      signs++;
    } else if (c === DOLLAR || c === EURO) {
      currencies++;
    } else if (!isInnerSpace(c)) {
      break;
    }
    c = s.charCodeAt(++i);
  }
  if (signs > 1) return invalid(raw, 'more than one sign');
  if (!isDigit(c)) return invalid(raw);

  // Body: digit groups and the separators between them. Only the shape is recorded here; which separator
  // is the decimal one is decided once the whole number has been seen.
  let mantissa = 0;
  let digits = 0;
  let groupLength = 0;
  let separators = 0;
  let firstGroupLength = 0;
  const leadingZero = c === 0x30;
  let innerGroupsOfThree = true;
  let dots = 0;
  let commas = 0;
  let spaces = 0;
  let lastSeparator = 0;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (isDigit(c)) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      groupLength++;
      continue;
    }
    if (c === DOT || c === COMMA) {
      if (!isDigit(s.charCodeAt(i + 1))) break;
      if (c === DOT) dots++;
      else commas++;
    } else if (isInnerSpace(c)) {
      let j = i + 1;
      while (j < n && isInnerSpace(s.charCodeAt(j))) j++;
      // Spaces before a currency sign end the number rather than group it.
      if (!isDigit(s.charCodeAt(j))) break;
      i = j - 1;
      c = SPACE;
      spaces++;
    } else {
      break;
    }
    if (separators === 0) firstGroupLength = groupLength;
    else if (groupLength !== 3) innerGroupsOfThree = false;
    separators++;
    lastSeparator = c;
    groupLength = 0;
  }

  const suffix = suffixCurrencies(s, i);
  if (suffix < 0) return invalid(raw);
  if (currencies + suffix > 1) return invalid(raw, 'more than one currency sign');
  let fractionDigits = 0;
  if (separators > 0) {
    // `0,500` is never five hundred: a thousands grouping needs a leading group of 1-3 digits not starting with 0.
    const groupsByThree = !leadingZero && firstGroupLength <= 3 && innerGroupsOfThree;
    fractionDigits = decimalPlaces(rule, groupsByThree, separators, spaces, dots, commas, lastSeparator, groupLength);
    if (fractionDigits < 0) return invalid(raw, SEPARATOR_PROBLEMS[-fractionDigits - 1]);
  }
  let value: number;
  if (digits > EXACT_DIGITS) value = longValue(s, fractionDigits);
  else value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
  if (!Number.isFinite(value)) return invalid(raw, 'too large');
  if (whole) {
    if (!Number.isInteger(value)) return invalid(raw, 'not a whole number');
    if (!Number.isSafeInteger(value)) return invalid(raw, 'too large');
  }
  // No -0: `-0` is zero, not a negative value.
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/** After the number: spaces and currency signs only. Their count of currency signs, or -1 for a trailing sign, a letter or a bracket. */
function suffixCurrencies(s: string, from: number): number {
  let currencies = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === DOLLAR || c === EURO) currencies++;
    else if (!isInnerSpace(c)) return -1;
  }
  return currencies;
}

const SEPARATOR_PROBLEMS = ['mixed separators', 'thousands not grouped by three', 'more than one decimal separator'];
const MIXED = -1;
const NOT_BY_THREE = -2;
const TWO_DECIMALS = -3;

/** How many digits follow the decimal separator, or a negative SEPARATOR_PROBLEMS code when the separators do not make a number. */
function decimalPlaces(
  rule: LoneSeparator,
  groupsByThree: boolean,
  separators: number,
  spaces: number,
  dots: number,
  commas: number,
  lastSeparator: number,
  lastGroupLength: number,
): number {
  if (spaces > 0) {
    // Spaces are the thousands separator; then one `.` or `,` may follow as the decimal separator.
    const punctuation = dots + commas;
    if (punctuation > 1 || (punctuation === 1 && lastSeparator === SPACE)) return MIXED;
    if (!groupsByThree || (punctuation === 0 && lastGroupLength !== 3)) return NOT_BY_THREE;
    return punctuation === 1 ? lastGroupLength : 0;
  }
  if (dots > 0 && commas > 0) {
    if ((lastSeparator === DOT ? dots : commas) !== 1) return MIXED;
    return groupsByThree ? lastGroupLength : NOT_BY_THREE;
  }
  const thousands = groupsByThree && lastGroupLength === 3;
  if (rule === 'thousands' || (rule === 'auto' && thousands)) return thousands ? 0 : NOT_BY_THREE;
  return separators > 1 ? TWO_DECIMALS : lastGroupLength;
}

/** The unsigned value of a number over 15 digits, where the mantissa is no longer exact: through Number(). */
function longValue(s: string, fractionDigits: number): number {
  const all = s.replace(NON_DIGITS, '');
  const cut = all.length - fractionDigits;
  return Number(`${all.slice(0, cut)}.${all.slice(cut) || '0'}`);
}
