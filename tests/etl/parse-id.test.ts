import { describe, expect, it } from 'vitest';
import { parseId } from '../../src/etl/parse-id.ts';

describe('parseId', () => {
  it.each([
    ['prod001', 1],
    ['PROD-001', 1],
    ['P001', 1],
    ['001', 1],
    ['1', 1],
    [' 1 ', 1],
    ['V00042', 42],
    ['cli007', 7],
    ['PROD_12', 12],
    ['P#12', 12],
    ['\t7\t', 7],
    // The contract's examples: any prefix of non-digit characters.
    ['#038', 38],
    ['N°24', 24],
    ['ID 62', 62],
    ['V.33', 33],
    ['cli_7', 7],
    ['P--1', 1],
    ['P 1', 1],
    ['#12', 12],
    ['P.1', 1],
    ['$5', 5],
    ['-P3', 3],
    ['Nº 000123', 123],
  ])('reads %j as the integer after its prefix: %i', (raw, value) => {
    expect(parseId(raw)).toEqual({ ok: true, value });
  });

  it('accepts a prefix of letters beyond ASCII', () => {
    expect(parseId('cód-7')).toEqual({ ok: true, value: 7 });
  });

  it('accepts the largest safe integer, 2^53 - 1, and no larger', () => {
    expect(parseId('V9007199254740991')).toEqual({ ok: true, value: 9007199254740991 });
    expect(parseId('V9007199254740992')).toMatchObject({
      ok: false,
      reason: 'invalid_id',
      message: 'not an id: "V9007199254740992" (too large)',
    });
  });

  it('accepts the largest safe integer', () => {
    expect(parseId(String(Number.MAX_SAFE_INTEGER))).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });

  it.each(['', ' ', '   ', '\t'])('reports the empty or blank value %j as missing_value, never invalid_id', (raw) => {
    expect(parseId(raw)).toMatchObject({ ok: false, reason: 'missing_value' });
  });

  it.each([
    ['1.5', 'a decimal'],
    ['P2024-001', 'digits in the prefix'],
    ['0', 'zero'],
    ['P000', 'zero after a prefix'],
    ['-3', 'a sign'],
    ['+3', 'a plus sign'],
    ['PROD', 'no digits'],
    ['PROD-', 'a separator and no digits'],
    ['12a', 'something after the digits'],
    ['P-1-2', 'something after the digits'],
    ['- 3', 'a sign and a space'],
    ['--3', 'only signs'],
    ['ID 0', 'zero after a prefix'],
    ['ID 6 2', 'a space among the digits'],
    ['1,000', 'a thousands separator'],
    ['9007199254740992', 'a value beyond the safe integers'],
    ['P99999999999999999999', 'a value beyond the safe integers'],
  ])('rejects %j (%s) as invalid_id', (raw) => {
    expect(parseId(raw)).toMatchObject({ ok: false, reason: 'invalid_id' });
  });

  it('quotes the raw value in its message', () => {
    expect(parseId('P2024-001')).toEqual({ ok: false, reason: 'invalid_id', message: 'not an id: "P2024-001"' });
  });
});
