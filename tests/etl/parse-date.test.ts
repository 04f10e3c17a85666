import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/etl/parse-date.ts';

function accepts(raw: string, value: string) {
  expect(parseDate(raw)).toEqual({ ok: true, value });
}

describe('parseDate', () => {
  describe('numeric dates', () => {
    const cases: [string, string][] = [
      ['2024-03-15', '2024-03-15'],
      ['2024/03/15', '2024-03-15'],
      [' 2024-03-15 ', '2024-03-15'],
      ['20240315', '2024-03-15'],
    ];
    it.each(cases)('parses the year-first or compact date %j as %s', accepts);

    const dayFirst: [string, string][] = [
      ['15/03/2024', '2024-03-15'],
      ['15-03-2024', '2024-03-15'],
      ['01/12/2024', '2024-12-01'],
      ['12/01/2024', '2024-01-12'],
    ];
    it.each(dayFirst)('parses numeric dates day first: %j is %s', accepts);

    const unpadded: [string, string][] = [
      ['5/3/2024', '2024-03-05'],
      ['5-3-2024', '2024-03-05'],
      ['05/3/2024', '2024-03-05'],
      ['5/03/2024', '2024-03-05'],
      ['2024-3-5', '2024-03-05'],
      ['2024/3/15', '2024-03-15'],
    ];
    it.each(unpadded)('parses dates with unpadded day and month: %j is %s', accepts);

    const leap: [string, string][] = [
      ['2024-02-29', '2024-02-29'],
      ['29/02/2000', '2000-02-29'],
      ['31/12/9999', '9999-12-31'],
      ['01/01/1000', '1000-01-01'],
    ];
    it.each(leap)('accepts leap days and the ends of the year range: %j', accepts);
  });

  describe('timestamps', () => {
    const cases: [string, string][] = [
      ['2024-03-15T10:20:00Z', '2024-03-15'],
      ['2024-03-15T10:20Z', '2024-03-15'],
      ['2024-03-15T10:20', '2024-03-15'],
      ['2024-03-15T10:20:00', '2024-03-15'],
      ['2024-03-15T10:20:00.123Z', '2024-03-15'],
      ['2024-03-15T10:20:00.123456+01:00', '2024-03-15'],
      ['2024-03-15T10:20:00+0100', '2024-03-15'],
      ['2024-03-15T10:20:00-05', '2024-03-15'],
      ['2024-03-15 10:20:00', '2024-03-15'],
      ['2024-03-15 10:20:00Z', '2024-03-15'],
      ['2024-03-15t10:20:00z', '2024-03-15'],
    ];
    it.each(cases)('parses the ISO timestamp %j as its date %s', accepts);

    const asWritten: [string, string][] = [
      ['2024-03-15T23:30:00-05:00', '2024-03-15'],
      ['2024-03-16T00:30:00+02:00', '2024-03-16'],
      ['2024-12-31T23:59:59.999-12:00', '2024-12-31'],
    ];
    it.each(asWritten)('keeps the calendar date as written, with no time-zone shift: %j', accepts);
  });

  describe('month names', () => {
    const cases: [string, string][] = [
      ['15-mar-2024', '2024-03-15'],
      ['15 mar 2024', '2024-03-15'],
      ['15 marzo 2024', '2024-03-15'],
      ['15 de marzo de 2024', '2024-03-15'],
      ['15 de marzo 2024', '2024-03-15'],
      ['15 de marzo del 2024', '2024-03-15'],
      ['Mar 15, 2024', '2024-03-15'],
      ['March 15 2024', '2024-03-15'],
      ['March 15, 2024', '2024-03-15'],
      ['15 March 2024', '2024-03-15'],
      ['5-Mar-2024', '2024-03-05'],
    ];
    it.each(cases)('parses %j as %s', accepts);

    const english = [
      'january',
      'february',
      'march',
      'april',
      'may',
      'june',
      'july',
      'august',
      'september',
      'october',
      'november',
      'december',
    ];
    const spanish = [
      'enero',
      'febrero',
      'marzo',
      'abril',
      'mayo',
      'junio',
      'julio',
      'agosto',
      'septiembre',
      'octubre',
      'noviembre',
      'diciembre',
    ];
    const months = [...english, ...english.map((m) => m.slice(0, 3)), ...spanish, ...spanish.map((m) => m.slice(0, 3))].map(
      (name, i) => [name, `2024-${String((i % 12) + 1).padStart(2, '0')}-01`] as [string, string],
    );
    it.each(months)('knows the month %j, full or three letters, in Spanish and English', (name, value) => {
      expect(parseDate(`1 ${name} 2024`)).toEqual({ ok: true, value });
    });

    const variants: [string, string][] = [
      ['15 MARZO 2024', '2024-03-15'],
      ['15-MAR-2024', '2024-03-15'],
      ['15 Marzo 2024', '2024-03-15'],
      ['1 Sept 2024', '2024-09-01'],
      ['1 sept. 2024', '2024-09-01'],
      ['1 setiembre 2024', '2024-09-01'],
      ['1 SETIEMBRE 2024', '2024-09-01'],
      ['15 mar. 2024', '2024-03-15'],
      ['15-mar.-2024', '2024-03-15'],
      ['Mar. 15, 2024', '2024-03-15'],
      ['1 dic. 2024', '2024-12-01'],
      ['1 Ágo 2024', '2024-08-01'],
      ['1 de Diciémbre de 2024', '2024-12-01'],
    ];
    it.each(variants)('ignores case and accents and allows a dot after abbreviations and sept/setiembre: %j', accepts);
  });

  it.each(['', ' ', '\t  '])('reports the empty or blank value %j as missing_value, never invalid_date', (raw) => {
    expect(parseDate(raw)).toMatchObject({ ok: false, reason: 'missing_value' });
  });

  it.each([
    ['2024-02-30', 'no such day'],
    ['2023-02-29', 'no such day'],
    ['1900-02-29', 'no such day'],
    ['31/04/2024', 'no such day'],
    ['30-02-2024', 'no such day'],
    ['20240230', 'no such day'],
    ['31 abril 2024', 'no such day'],
    ['Feb 30, 2024', 'no such day'],
    ['2024-03-32T10:20:00Z', 'no such day'],
    ['00/03/2024', 'no such day'],
  ])('rejects the impossible date %j (%s) as invalid_date instead of rolling it over', (raw, why) => {
    expect(parseDate(raw)).toEqual({ ok: false, reason: 'invalid_date', message: `not a date: ${JSON.stringify(raw)} (${why})` });
  });

  it.each(['2024-13-01', '15/13/2024', '15/00/2024', '20241301'])('rejects the out-of-range month in %j', (raw) => {
    expect(parseDate(raw)).toMatchObject({ ok: false, reason: 'invalid_date', message: expect.stringContaining('no such month') });
  });

  it.each(['15/03/24', '15-03-24', '5/3/24', '24-03-15', '15-mar-24', '15 marzo 24', 'Mar 15, 24'])(
    'rejects two-digit years: %j',
    (raw) => {
      expect(parseDate(raw)).toMatchObject({ ok: false, reason: 'invalid_date', message: expect.stringContaining('two-digit year') });
    },
  );

  it.each(['0999-12-31', '31/12/0999', '00010101', '1 enero 0999'])('rejects years before 1000: %j', (raw) => {
    expect(parseDate(raw)).toMatchObject({ ok: false, reason: 'invalid_date', message: expect.stringContaining('year out of range') });
  });

  it.each([
    ['15.03.2024', 'dots between numbers'],
    ['2024-03/15', 'mixed separators'],
    ['15/03-2024', 'mixed separators'],
    ['15 / 03 / 2024', 'spaces around separators'],
    ['10000-01-01', 'a five-digit year'],
    ['1/1/10000', 'a five-digit year'],
    ['2024315', 'seven digits'],
    ['202403150', 'nine digits'],
    ['45366', 'a spreadsheet serial number'],
    ['2024', 'a year alone'],
    ['2024-03', 'no day'],
    ['15/03/2024 10:20', 'a time after a day-first date'],
    ['2024-03-15T10', 'a timestamp with no minutes'],
    ['2024-03-15T25:00', 'an hour past 23'],
    ['2024-03-15T10:60', 'a minute past 59'],
    ['2024-03-15T10:20:61', 'a second past 59'],
    ['2024-03-15T10:20:00+25:00', 'an offset past 23 hours'],
    ['2024-03-15T10:20:00 UTC', 'a zone name'],
    ['2024-3-15T10:20:00', 'an unpadded timestamp'],
    ['15 foo 2024', 'an unknown month'],
    ['15 marzo. 2024', 'a dot after a full month name'],
    ['15-marzo 2024', 'mixed separators around the month'],
    ['Mar-15-2024', 'month first with dashes'],
    ['15th March 2024', 'an ordinal'],
    ['Friday, 15 March 2024', 'a weekday'],
    ['mañana', 'a word'],
    ['2024-03-15x', 'trailing text'],
    ['１５/03/2024', 'full-width digits'],
  ])('rejects %j (%s) as invalid_date', (raw) => {
    expect(parseDate(raw)).toMatchObject({ ok: false, reason: 'invalid_date' });
  });

  it('quotes the raw value and the cause in its message', () => {
    expect(parseDate('2024-02-30')).toEqual({ ok: false, reason: 'invalid_date', message: 'not a date: "2024-02-30" (no such day)' });
  });
});
