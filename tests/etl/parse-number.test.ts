import { describe, expect, it } from 'vitest';
import { DEFAULT_NUMBER_OPTIONS, parseDecimal, parseWholeNumber, type NumberOptions } from '../../src/etl/parse-number.ts';

const AUTO: NumberOptions = { loneSeparator: 'auto' };
const DECIMAL: NumberOptions = { loneSeparator: 'decimal' };
const THOUSANDS: NumberOptions = { loneSeparator: 'thousands' };

describe('parseDecimal', () => {
  it('defaults to the contract rule for a lone separator', () => {
    expect(DEFAULT_NUMBER_OPTIONS).toEqual({ loneSeparator: 'auto' });
    expect(parseDecimal('1.234')).toEqual(parseDecimal('1.234', AUTO));
  });

  it.each([
    ['42', 42],
    ['0', 0],
    ['007', 7],
    ['1234.56', 1234.56],
    ['1234,56', 1234.56],
    [' 1234.56 ', 1234.56],
    ['+5', 5],
    ['-5', -5],
    ['-12.5', -12.5],
    ['-0', 0],
  ])('reads the plain number %j as %d', (raw, value) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['1.234.567,89', 1234567.89],
    ['1,234,567.89', 1234567.89],
    ['12,345.6', 12345.6],
    ['123.456,7890', 123456.789],
  ])('takes the last of two kinds of separator as the decimal one: %j is %d', (raw, value) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value });
    expect(parseDecimal(raw, DECIMAL)).toEqual({ ok: true, value });
    expect(parseDecimal(raw, THOUSANDS)).toEqual({ ok: true, value });
  });

  it.each([
    ['$5', 5],
    ['5$', 5],
    ['€5', 5],
    ['5€', 5],
    ['5 €', 5],
    ['€ 5', 5],
    ['$1,234.56', 1234.56],
    ['1.234,56 €', 1234.56],
    ['1.234,56\u00a0€', 1234.56],
    ['-$5', -5],
    ['$-5', -5],
    ['- $ 5', -5],
    ['€-3,5', -3.5],
    ['-5 €', -5],
  ])('removes currency signs and spaces, with the sign before or after the currency sign: %j is %d', (raw, value) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['1 234,56', 1234.56],
    ['1 234.56', 1234.56],
    ['1 234', 1234],
    ['12 345 678', 12345678],
    ['1\u00a0234,56', 1234.56],
    ['1\u202f234,56', 1234.56],
    ['$ 1 234.50', 1234.5],
  ])('groups thousands with a space between groups of three: %j is %d', (raw, value) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value });
  });

  describe('a lone separator', () => {
    it.each([
      ['1.234', 1234],
      ['1,234', 1234],
      ['12.345', 12345],
      ['123,456', 123456],
      ['1,234,567', 1234567],
      ['1.234.567', 1234567],
      ['1234,5', 1234.5],
      ['1234.5', 1234.5],
      ['12.50', 12.5],
      ['12,50', 12.5],
      ['0,5', 0.5],
      ['0.500', 0.5],
      ['0,125', 0.125],
      ['1234.567', 1234.567],
      ['1.2345', 1.2345],
    ])('under auto groups thousands when every group after it has three digits, else is decimal: %j is %d', (raw, value) => {
      expect(parseDecimal(raw, AUTO)).toEqual({ ok: true, value });
    });

    it.each(['1.23.45', '1,234,56', '1.234.5678', '12,34,567'])('under auto rejects %j: repeated but not grouping by three', (raw) => {
      expect(parseDecimal(raw, AUTO)).toMatchObject({ ok: false, reason: 'invalid_number' });
    });

    it.each([
      ['1.234', 1.234],
      ['1,234', 1.234],
      ['1234,5', 1234.5],
      ['12.50', 12.5],
      ['0,500', 0.5],
    ])('under decimal is always the decimal separator: %j is %d', (raw, value) => {
      expect(parseDecimal(raw, DECIMAL)).toEqual({ ok: true, value });
    });

    it.each(['1,234,567', '1.234.567'])('under decimal rejects %j: a number has one decimal separator', (raw) => {
      expect(parseDecimal(raw, DECIMAL)).toMatchObject({ ok: false, reason: 'invalid_number' });
    });

    it.each([
      ['1.234', 1234],
      ['1,234,567', 1234567],
      ['123,456', 123456],
    ])('under thousands always groups thousands: %j is %d', (raw, value) => {
      expect(parseDecimal(raw, THOUSANDS)).toEqual({ ok: true, value });
    });

    it.each(['1234,5', '12.50', '1234.567', '0,500', '1.23.45'])('under thousands rejects %j: it does not group by three', (raw) => {
      expect(parseDecimal(raw, THOUSANDS)).toMatchObject({ ok: false, reason: 'invalid_number' });
    });
  });

  it.each(['', ' ', '   ', '\t'])('reports the empty or blank value %j as missing_value, never invalid_number', (raw) => {
    expect(parseDecimal(raw)).toMatchObject({ ok: false, reason: 'missing_value' });
    expect(parseWholeNumber(raw)).toMatchObject({ ok: false, reason: 'missing_value' });
  });

  it.each([
    ['(5)', 'parentheses'],
    ['1.23,45', 'a thousands group of two digits'],
    ['1,2.345', 'a thousands group of one digit'],
    ['1234.567,89', 'a leading group of four digits before a thousands separator'],
    ['0.123,45', 'a thousands grouping that starts with 0'],
    ['1,234.567,89', 'the decimal separator twice'],
    ['1.234,567.89', 'the decimal separator before a thousands separator'],
    ['12 34', 'a space not grouping by three'],
    ['1 2345', 'a space not grouping by three'],
    ['1 234.567,89', 'spaces and both separators'],
    ['1,234 567', 'a space after the decimal separator'],
    ['1e5', 'an exponent'],
    ['0x10', 'hexadecimal'],
    ['Infinity', 'a word'],
    ['-Infinity', 'a word'],
    ['NaN', 'a word'],
    ['abc', 'a word'],
    ['5 EUR', 'a currency code'],
    ['5%', 'a percent sign'],
    ['--5', 'two signs'],
    ['+-5', 'two signs'],
    ['-$-5', 'two signs'],
    ['5-', 'a trailing sign'],
    ['5€-', 'a trailing sign'],
    ['$5€', 'two currency signs'],
    ['$$5', 'two currency signs'],
    ['.5', 'no digit before the separator'],
    ['5.', 'no digit after the separator'],
    ['1..5', 'two separators in a row'],
    ['1,,234', 'two separators in a row'],
    ['1$234', 'a currency sign inside'],
    ['-', 'a sign alone'],
    ['$', 'a currency sign alone'],
    ['1'.padEnd(400, '0'), 'too large to be finite'],
  ])('rejects %j (%s) as invalid_number', (raw) => {
    expect(parseDecimal(raw)).toMatchObject({ ok: false, reason: 'invalid_number' });
  });

  it('keeps negative values: the caller checks the sign', () => {
    expect(parseDecimal('-1.234,56 €')).toEqual({ ok: true, value: -1234.56 });
  });

  it('reads numbers of more than 15 digits like Number does', () => {
    // biome-ignore-start lint/correctness/noPrecisionLoss: the literals are the point: the parser must round as they do
    expect(parseDecimal('1234567.890123456789', DECIMAL)).toEqual({ ok: true, value: 1234567.890123456789 });
    expect(parseDecimal('12345678901234567890')).toEqual({ ok: true, value: 12345678901234567890 });
    // biome-ignore-end lint/correctness/noPrecisionLoss: -
  });

  it('quotes the raw value in its message', () => {
    expect(parseDecimal('(5)')).toEqual({ ok: false, reason: 'invalid_number', message: 'not a number: "(5)"' });
  });
});

describe('parseWholeNumber', () => {
  it.each([
    ['3', 3],
    ['3,0', 3],
    ['3.00', 3],
    ['0', 0],
    ['-2', -2],
    ['1.234', 1234],
    ['1 234', 1234],
    ['12,000', 12000],
  ])('reads the whole number %j as %d', (raw, value) => {
    expect(parseWholeNumber(raw)).toEqual({ ok: true, value });
  });

  it.each(['3,5', '3.5', '-0,5', '0,001'])('rejects the fractional quantity %j as invalid_number', (raw) => {
    expect(parseWholeNumber(raw)).toMatchObject({
      ok: false,
      reason: 'invalid_number',
      message: expect.stringContaining('not a whole number'),
    });
  });

  it('rejects whole numbers beyond the safe integers', () => {
    expect(parseWholeNumber('9007199254740993')).toMatchObject({ ok: false, reason: 'invalid_number' });
  });

  it.each([
    [AUTO, '1,234', 1234],
    [THOUSANDS, '1,234', 1234],
    [DECIMAL, '1,000', 1],
  ])('follows the lone-separator option %o: %j is %d', (options, raw, value) => {
    expect(parseWholeNumber(raw, options)).toEqual({ ok: true, value });
  });

  it('under decimal rejects a lone separator followed by a nonzero fraction', () => {
    expect(parseWholeNumber('1,234', DECIMAL)).toMatchObject({ ok: false, reason: 'invalid_number' });
  });
});
