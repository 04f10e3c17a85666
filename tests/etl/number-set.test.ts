import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/etl/id-set.ts';
import { NumberSet } from '../../src/etl/number-set.ts';

describe('NumberSet', () => {
  it('holds exactly the keys added, across growth, up to the largest safe integer', () => {
    const set = new NumberSet();
    const keys = [
      1,
      2,
      2 ** 31,
      2 ** 32 + 1,
      Number.MAX_SAFE_INTEGER,
      ...Array.from({ length: 100_000 }, (_, i) => 4_194_304 * (i + 1) + (i % 97)),
    ];
    for (const k of keys) expect(set.add(k)).toBe(true);
    expect(set.size).toBe(keys.length);
    for (const k of keys) expect(set.has(k)).toBe(true);
    for (const k of [3, 2 ** 31 + 1, 4_194_303, Number.MAX_SAFE_INTEGER - 1]) expect(set.has(k)).toBe(false);
    expect(set.add(2 ** 32 + 1)).toBe(false);
    expect(set.size).toBe(keys.length);
  });
});

describe('IdSet', () => {
  it('holds small ids in its bitmap and large ones beside it', () => {
    const set = new IdSet();
    for (const id of [1, 31, 32, 1 << 20, 2 ** 28, 2 ** 40, Number.MAX_SAFE_INTEGER]) set.add(id);
    for (const id of [1, 31, 32, 1 << 20, 2 ** 28, 2 ** 40, Number.MAX_SAFE_INTEGER]) expect(set.has(id)).toBe(true);
    for (const id of [2, 33, (1 << 20) + 1, 2 ** 28 + 1, 2 ** 40 + 1]) expect(set.has(id)).toBe(false);
  });
});
