// The renderers, read as a specification: every spelling they produce means exactly the value
// intended under the contract's rules (day-first dates, the lone-separator rule, ID prefixes).
import { describe, expect, it } from 'vitest';
import { encodeWindows1252 } from '../../src/datagen/cp1252.ts';
import { civilFromDays, daysFromCivil } from '../../src/datagen/calendar.ts';
import { DATE_FORMATS } from '../../src/datagen/date-formats.ts';
import { CLIENT_ID_FORMATS, PRODUCT_ID_FORMATS, SALE_ID_FORMATS } from '../../src/datagen/id-formats.ts';
import { NEGATIVE_PRICE_FORMATS, PRICE_FORMATS, QUANTITY_FORMATS, STOCK_FORMATS } from '../../src/datagen/number-formats.ts';
import { Picker, Rng } from '../../src/datagen/random.ts';

/** The contract's number rule, written out independently (auto lone-separator reading). */
function contractNumber(text: string): number | null {
  let s = text.replace(/[$€\s]/g, '');
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  let whole = s;
  let frac = '';
  if (s.includes('.') && s.includes(',')) {
    whole = s.slice(0, last);
    frac = s.slice(last + 1);
    const groups = whole.split(/[.,]/);
    if (groups.slice(1).some((g) => g.length !== 3)) return null;
    whole = groups.join('');
  } else if (last >= 0) {
    const groups = s.split(s[last]!);
    if (groups.slice(1).every((g) => g.length === 3)) whole = groups.join('');
    else if (groups.length === 2) [whole, frac] = groups as [string, string];
    else return null;
  }
  const value = Number(`${whole}.${frac || '0'}`);
  return negative ? -value : value;
}

const AMOUNTS = [1, 5, 10, 50, 99, 100, 1250, 1990, 12345, 99999, 100000, 123456, 154900, 1000000, 12345678];

describe('price formats', () => {
  it('render every amount as text that reads back as exactly that amount, or decline', () => {
    for (const format of PRICE_FORMATS) {
      for (const cents of AMOUNTS) {
        const text = format.render(cents);
        if (text === null) continue;
        expect(Math.round(contractNumber(text)! * 100), `${format.name}: ${text}`).toBe(cents);
      }
    }
  });

  it('show the contract examples', () => {
    const byName = Object.fromEntries(PRICE_FORMATS.map((f) => [f.name, f.render(123456)]));
    expect(byName).toMatchObject({
      'plain-dot': '1234.56',
      'plain-comma': '1234,56',
      'es-grouped': '1.234,56',
      'en-grouped': '1,234.56',
      'dollar-space': '$ 1,234.56',
      'space-grouped': '1 234,56',
    });
    expect(PRICE_FORMATS.find((f) => f.name === 'euro-prefix')!.render(1250)).toBe('€12,50');
  });

  it('never write 12.5 with three decimals, which the lone-separator rule reads as 12500', () => {
    for (const format of PRICE_FORMATS) expect(format.render(1250) ?? '').not.toMatch(/^\D*12[.,]500\D*$/);
  });

  it('render negative amounts with the sign before or after the currency sign', () => {
    for (const format of NEGATIVE_PRICE_FORMATS) expect(contractNumber(format.render(1250)!), format.name).toBe(-12.5);
    expect(NEGATIVE_PRICE_FORMATS.map((f) => f.render(500))).toEqual(expect.arrayContaining(['-$5.00', '$-5.00']));
  });
});

describe('whole-number formats', () => {
  it('render quantities, including `3,0`, as the same whole number', () => {
    for (const format of QUANTITY_FORMATS)
      for (const n of [0, 3, 10, -4]) expect(contractNumber(format.render(n)), `${format.name}: ${n}`).toBe(n);
    expect(QUANTITY_FORMATS.map((f) => f.render(3))).toContain('3,0');
  });

  it('render stock with thousands groupings that read back as the same whole number', () => {
    for (const format of STOCK_FORMATS)
      for (const n of [0, 7, 999, 1000, 1200, 2499, -12, -1500]) expect(contractNumber(format.render(n)), `${format.name}: ${n}`).toBe(n);
    expect(STOCK_FORMATS.map((f) => f.render(1200))).toEqual(expect.arrayContaining(['1.200', '1,200', '1 200']));
  });
});

describe('date formats', () => {
  it('render 5 March 2024 in every accepted format, day first', () => {
    expect(DATE_FORMATS.map((f) => f.render(2024, 3, 5))).toEqual([
      '2024-03-05',
      '2024/03/05',
      '05/03/2024',
      '05-03-2024',
      '5/3/2024',
      '20240305',
      '2024-03-05T20:26:00Z',
      '05-mar-2024',
      '5 marzo 2024',
      'Mar 5, 2024',
      '5-3-2024',
      '2024-03-05 20:26:28',
      '2024-03-05T23:26:00-05:00',
      '2024-03-05T20:26:28.250Z',
      '2024-03-05T20:26',
      '5 de marzo de 2024',
      '5 mar 2024',
      '05-MAR-2024',
      '5 mar. 2024',
      'March 5 2024',
      '5 March 2024',
    ]);
  });

  it('use Spanish and English month names where they differ', () => {
    const december = DATE_FORMATS.map((f) => f.render(2024, 12, 24));
    expect(december).toEqual(expect.arrayContaining(['24-dic-2024', '24 diciembre 2024', 'Dec 24, 2024', 'December 24 2024']));
    expect(DATE_FORMATS.map((f) => f.render(2024, 9, 1))).toEqual(expect.arrayContaining(['1 de setiembre de 2024', '1 sept. 2024']));
  });

  it('count days without time zones, leap days included', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(civilFromDays(daysFromCivil(2024, 2, 29))).toEqual({ y: 2024, m: 2, d: 29 });
    expect(daysFromCivil(2024, 3, 1) - daysFromCivil(2024, 2, 28)).toBe(2);
    expect(civilFromDays(daysFromCivil(2099, 12, 31))).toEqual({ y: 2099, m: 12, d: 31 });
  });
});

describe('ID formats', () => {
  it('render an optional non-digit prefix (not a bare sign), then digits that are the id', () => {
    for (const format of [...PRODUCT_ID_FORMATS, ...SALE_ID_FORMATS, ...CLIENT_ID_FORMATS]) {
      const text = format.render(42);
      const match = /^\s*(?![-+\s]+\d)\D*?(\d+)\s*$/.exec(text);
      expect(match, `${format.name}: ${text}`).not.toBeNull();
      expect(Number(match![1])).toBe(42);
    }
  });

  it('include the contract examples', () => {
    expect(PRODUCT_ID_FORMATS.map((f) => f.render(1))).toEqual(expect.arrayContaining(['prod001', 'PROD-001', 'P001', '001', '1', ' 1 ']));
    expect(SALE_ID_FORMATS.map((f) => f.render(42))).toContain('V00042');
    expect(CLIENT_ID_FORMATS.map((f) => f.render(7))).toContain('cli007');
    expect(PRODUCT_ID_FORMATS.map((f) => f.render(38))).toEqual(expect.arrayContaining(['#038', 'N°38']));
    expect(SALE_ID_FORMATS.map((f) => f.render(33))).toContain('V.33');
    expect(CLIENT_ID_FORMATS.map((f) => f.render(62))).toContain('ID 62');
  });
});

describe('Windows-1252 encoder', () => {
  it('encodes Spanish letters as Latin-1 bytes and € as 0x80', () => {
    expect([...encodeWindows1252('áéíóúñÁÉÍÓÚÑü€;a')]).toEqual([
      0xe1, 0xe9, 0xed, 0xf3, 0xfa, 0xf1, 0xc1, 0xc9, 0xcd, 0xd3, 0xda, 0xd1, 0xfc, 0x80, 0x3b, 0x61,
    ]);
  });

  it('refuses characters Windows-1252 cannot hold', () => {
    expect(() => encodeWindows1252('日本')).toThrow(/windows-1252/);
  });
});

describe('seeded choices', () => {
  it('repeat exactly for the same seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const draws = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(draws);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('show every option once, in order, before picking at random', () => {
    const picker = new Picker(5, new Rng(1));
    expect(Array.from({ length: 5 }, () => picker.next())).toEqual([0, 1, 2, 3, 4]);
    for (let i = 0; i < 100; i++) expect(picker.next()).toBeLessThan(5);
  });
});
