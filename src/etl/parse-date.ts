// Parses the date formats of the contract and docs/data-decisions.md into a calendar date `YYYY-MM-DD`.
import type { Parsed } from './parsed.ts';

const MISSING: Parsed<never> = { ok: false, reason: 'missing_value', message: 'empty value' };

// Compiled once: these run only when the fixed-position fast paths below do not apply.
const NUMERIC = /^(\d+)([-/])(\d+)\2(\d+)$/;
const COMPACT = /^\d{8}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)?$/;
const DAY_MONTH_YEAR_DASHED = /^(\d{1,2})-([a-z]+)(\.?)-(\d+)$/;
const DAY_MONTH_YEAR_SPACED = /^(\d{1,2})\s+(?:de\s+)?([a-z]+)(\.?)\s+(?:del?\s+)?(\d+)$/;
const MONTH_DAY_YEAR = /^([a-z]+)(\.?)\s+(\d{1,2}),?\s+(\d+)$/;
const COMBINING_MARKS = /\p{M}/gu;

/** Month names (lower case, unaccented) to 1..12; `abbreviation` says whether a trailing `.` is allowed. */
const MONTHS = new Map<string, { month: number; abbreviation: boolean }>();
function addMonths(names: string[], abbreviation: boolean): void {
  names.forEach((name, i) => {
    MONTHS.set(name, { month: i + 1, abbreviation });
  });
}
addMonths(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  false,
);
addMonths(
  ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  false,
);
addMonths(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], true);
addMonths(['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'], true);
MONTHS.set('sept', { month: 9, abbreviation: true });
MONTHS.set('setiembre', { month: 9, abbreviation: false });

function invalid(raw: string, why?: string): Parsed<never> {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  return { ok: false, reason: 'invalid_date', message: `not a date: ${JSON.stringify(shown)}${why ? ` (${why})` : ''}` };
}

/** Same answer as date-fns `isExists`, without allocating a Date on every field. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Value of the two ASCII digits at i, or -1: lets the fast paths read fixed positions without slicing. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 0x30;
  const b = s.charCodeAt(i + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * Checks the calendar (never rolls over: 2024-02-30 is invalid) and formats it. `iso` is passed when the
 * input already is the canonical text, so the common case returns it without building a new string.
 */
function calendarDate(raw: string, year: number, month: number, day: number, iso?: string): Parsed<string> {
  if (year < 1000 || year > 9999) return invalid(raw, 'year out of range');
  if (month < 1 || month > 12) return invalid(raw, 'no such month');
  if (day < 1 || day > daysInMonth(year, month)) return invalid(raw, 'no such day');
  return { ok: true, value: iso ?? `${year}-${pad2(month)}-${pad2(day)}` };
}

/**
 * Accepted: `YYYY-MM-DD`, `YYYY/MM/DD`, day-first `D/M/YYYY` and `D-M-YYYY` (day and month may be unpadded;
 * year-first ones too), `YYYYMMDD`, ISO timestamps with `T` or a space (the date as written, no time-zone
 * shift), and month names in Spanish or English (`15-mar-2024`, `15 de marzo de 2024`, `Mar 15, 2024`).
 * Two-digit years, years outside 1000..9999 and impossible dates are `invalid_date`.
 */
export function parseDate(raw: string): Parsed<string> {
  const s = raw.trim();
  if (s.length === 0) return MISSING;

  // Fast paths by fixed positions for the two shapes that make up nearly every real file.
  if (s.length === 10) {
    const c2 = s.charCodeAt(2);
    const c4 = s.charCodeAt(4);
    if ((c4 === 0x2d || c4 === 0x2f) && s.charCodeAt(7) === c4) {
      const hi = twoDigits(s, 0);
      const lo = twoDigits(s, 2);
      const month = twoDigits(s, 5);
      const day = twoDigits(s, 8);
      if (hi >= 0 && lo >= 0 && month >= 0 && day >= 0) {
        return calendarDate(raw, hi * 100 + lo, month, day, c4 === 0x2d ? s : undefined);
      }
    } else if ((c2 === 0x2f || c2 === 0x2d) && s.charCodeAt(5) === c2) {
      const day = twoDigits(s, 0);
      const month = twoDigits(s, 3);
      const hi = twoDigits(s, 6);
      const lo = twoDigits(s, 8);
      if (day >= 0 && month >= 0 && hi >= 0 && lo >= 0) {
        return calendarDate(raw, hi * 100 + lo, month, day);
      }
    }
  }
  return parseGeneral(raw, s);
}

function parseGeneral(raw: string, s: string): Parsed<string> {
  const first = s.charCodeAt(0);
  const startsWithDigit = first >= 0x30 && first <= 0x39;

  if (startsWithDigit) {
    if (s.length === 8 && COMPACT.test(s)) {
      return calendarDate(raw, twoDigits(s, 0) * 100 + twoDigits(s, 2), twoDigits(s, 4), twoDigits(s, 6));
    }
    const c10 = s.charCodeAt(10);
    const ts = c10 === 0x54 || c10 === 0x74 || c10 === 0x20 ? TIMESTAMP.exec(s) : null;
    if (ts !== null) {
      const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = ts;
      if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return invalid(raw, 'no such time');
      if (Number(offsetHour ?? 0) > 23 || Number(offsetMinute ?? 0) > 59) return invalid(raw, 'no such time zone offset');
      // The calendar date as written: a sale at 23:30 local time belongs to that day, whatever its offset.
      return calendarDate(raw, Number(year), Number(month), Number(day));
    }
    const numeric = NUMERIC.exec(s);
    if (numeric !== null) return numericDate(raw, numeric[1]!, numeric[3]!, numeric[4]!);
  }
  return namedMonthDate(raw, s, startsWithDigit);
}

function numericDate(raw: string, a: string, b: string, c: string): Parsed<string> {
  if (a.length === 4 && b.length <= 2 && c.length <= 2) return calendarDate(raw, Number(a), Number(b), Number(c));
  if (a.length <= 2 && b.length <= 2) {
    if (c.length === 4) return calendarDate(raw, Number(c), Number(b), Number(a));
    // `05/03/24` could be any century: refuse to guess.
    if (c.length === 2) return invalid(raw, 'two-digit year');
  }
  return invalid(raw);
}

function namedMonthDate(raw: string, s: string, startsWithDigit: boolean): Parsed<string> {
  let text = s.toLowerCase();
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      text = text.normalize('NFD').replace(COMBINING_MARKS, '');
      break;
    }
  }
  // Both shapes are captured as (day, month name, dot, year).
  let parts: [string, string, string, string];
  const dayFirst = startsWithDigit ? (DAY_MONTH_YEAR_DASHED.exec(text) ?? DAY_MONTH_YEAR_SPACED.exec(text)) : null;
  if (dayFirst !== null) {
    parts = [dayFirst[1]!, dayFirst[2]!, dayFirst[3]!, dayFirst[4]!];
  } else {
    const monthFirst = startsWithDigit ? null : MONTH_DAY_YEAR.exec(text);
    if (monthFirst === null) return invalid(raw);
    parts = [monthFirst[3]!, monthFirst[1]!, monthFirst[2]!, monthFirst[4]!];
  }
  const [day, name, dot, year] = parts;
  const month = MONTHS.get(name);
  if (month === undefined) return invalid(raw, `unknown month "${name}"`);
  if (dot !== '' && !month.abbreviation) return invalid(raw);
  if (year.length === 2) return invalid(raw, 'two-digit year');
  if (year.length !== 4) return invalid(raw);
  return calendarDate(raw, Number(year), month.month, Number(day));
}
