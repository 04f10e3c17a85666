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

/**
 * What one pass over a number's text found. One object for the module, reset per call: this runs on two
 * fields of every sale, and the steps below share it instead of allocating a result each.
 */
const shape = {
  /** Index of the first character after the step that filled it. */
  end: 0,
  negative: false,
  currencies: 0,
  mantissa: 0,
  digits: 0,
  separators: 0,
  firstGroupLength: 0,
  lastGroupLength: 0,
  leadingZero: false,
  innerGroupsOfThree: true,
  dots: 0,
  commas: 0,
  spaces: 0,
  lastSeparator: 0,
};

// One pass over char codes, no regex and no intermediate string, in named steps: prefix, body, suffix, then
// which separator was the decimal one, then the value.
function parseNumber(raw: string, rule: LoneSeparator, whole: boolean): Parsed<number> {
  const s = raw.trim();
  if (s.length === 0) return MISSING;
  const prefixError = readPrefix(s);
  if (prefixError !== null) return invalid(raw, prefixError || undefined);
  readBody(s);
  if (!readSuffix(s)) return invalid(raw);
  if (shape.currencies > 1) return invalid(raw, 'more than one currency sign');
  const fractionDigits = decimalPlaces(rule);
  if (typeof fractionDigits === 'string') return invalid(raw, fractionDigits);
  return toValue(raw, s, fractionDigits, whole);
}

/** Sign and currency sign in either order, spaces allowed between them; null when a digit follows, else why not ('' for no reason given). */
function readPrefix(s: string): string | null {
  let i = 0;
  let c = s.charCodeAt(0);
  let signs = 0;
  shape.negative = false;
  shape.currencies = 0;
  for (;;) {
    if (c === MINUS) {
      shape.negative = true;
      signs++;
    } else if (c === PLUS) {
      signs++;
    } else if (c === DOLLAR || c === EURO) {
      shape.currencies++;
    } else if (!isInnerSpace(c)) {
      break;
    }
    c = s.charCodeAt(++i);
  }
  shape.end = i;
  if (signs > 1) return 'more than one sign';
  return isDigit(c) ? null : '';
}

/** Digit groups and the separators between them. Only the shape is recorded: which separator is the decimal one is decided once the whole number has been seen. */
function readBody(s: string): void {
  const n = s.length;
  let i = shape.end;
  let c = s.charCodeAt(i);
  let mantissa = 0;
  let digits = 0;
  let groupLength = 0;
  let separators = 0;
  let firstGroupLength = 0;
  shape.leadingZero = c === 0x30;
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
  shape.end = i;
  shape.mantissa = mantissa;
  shape.digits = digits;
  shape.separators = separators;
  shape.firstGroupLength = firstGroupLength;
  shape.lastGroupLength = groupLength;
  shape.innerGroupsOfThree = innerGroupsOfThree;
  shape.dots = dots;
  shape.commas = commas;
  shape.spaces = spaces;
  shape.lastSeparator = lastSeparator;
}

/** Spaces and at most one currency sign in all; false for a trailing sign, a letter or a bracket. */
function readSuffix(s: string): boolean {
  for (let i = shape.end; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === DOLLAR || c === EURO) shape.currencies++;
    else if (!isInnerSpace(c)) return false;
  }
  return true;
}

/** How many digits follow the decimal separator, or why the separators do not make a number. */
function decimalPlaces(rule: LoneSeparator): number | string {
  const { separators, spaces, dots, commas, lastSeparator, lastGroupLength } = shape;
  if (separators === 0) return 0;
  // `0,500` is never five hundred: a thousands grouping needs a leading group of 1-3 digits not starting with 0.
  const groupsByThree = !shape.leadingZero && shape.firstGroupLength <= 3 && shape.innerGroupsOfThree;
  if (spaces > 0) {
    // Spaces are the thousands separator; then one `.` or `,` may follow as the decimal separator.
    const punctuation = dots + commas;
    if (punctuation > 1 || (punctuation === 1 && lastSeparator === SPACE)) return 'mixed separators';
    if (!groupsByThree || (punctuation === 0 && lastGroupLength !== 3)) return 'thousands not grouped by three';
    return punctuation === 1 ? lastGroupLength : 0;
  }
  if (dots > 0 && commas > 0) {
    if ((lastSeparator === DOT ? dots : commas) !== 1) return 'mixed separators';
    if (!groupsByThree) return 'thousands not grouped by three';
    return lastGroupLength;
  }
  const thousands = groupsByThree && lastGroupLength === 3;
  if (rule === 'thousands' || (rule === 'auto' && thousands)) return thousands ? 0 : 'thousands not grouped by three';
  if (separators > 1) return 'more than one decimal separator';
  return lastGroupLength;
}

/** The value itself, exact up to 15 digits without a string; whole numbers checked as such. */
function toValue(raw: string, s: string, fractionDigits: number, whole: boolean): Parsed<number> {
  let value: number;
  if (shape.digits <= EXACT_DIGITS) {
    value = fractionDigits === 0 ? shape.mantissa : shape.mantissa / POW10[fractionDigits]!;
  } else {
    const all = s.replace(NON_DIGITS, '');
    const cut = all.length - fractionDigits;
    value = Number(`${all.slice(0, cut)}.${all.slice(cut) || '0'}`);
  }
  if (!Number.isFinite(value)) return invalid(raw, 'too large');
  if (whole) {
    if (!Number.isInteger(value)) return invalid(raw, 'not a whole number');
    if (!Number.isSafeInteger(value)) return invalid(raw, 'too large');
  }
  // No -0: `-0` is zero, not a negative value.
  return { ok: true, value: shape.negative && value !== 0 ? -value : value };
}
