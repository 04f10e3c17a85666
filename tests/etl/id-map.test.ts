import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/etl/id-map.ts';
import { IdSet } from '../../src/etl/id-set.ts';

const SMALL = [1, 2, 1023, 1024, 4_194_303];
const LARGE = [4_194_304, 2 ** 31, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, ...Array.from({ length: 50_000 }, (_, i) => 5_000_000 + 7 * i)];

describe('IdMap', () => {
  it('maps dense and sparse ids to their values, across growth, and nothing else', () => {
    const map = new IdMap();
    for (const [i, id] of [...SMALL, ...LARGE].entries()) map.set(id, i % 5);
    for (const [i, id] of [...SMALL, ...LARGE].entries()) expect(map.get(id)).toBe(i % 5);
    for (const id of [3, 1025, 4_194_305, 2 ** 31 + 1, 5_000_001, Number.MAX_SAFE_INTEGER - 1]) expect(map.get(id)).toBeUndefined();
  });

  it('keeps value 0 apart from an absent id, and lets a later set win', () => {
    const map = new IdMap();
    map.set(7, 0);
    map.set(2 ** 40, 0);
    expect([map.get(7), map.get(2 ** 40), map.get(8)]).toEqual([0, 0, undefined]);
    map.set(7, 3);
    map.set(2 ** 40, 4);
    expect([map.get(7), map.get(2 ** 40)]).toEqual([3, 4]);
  });

  it('survives the trip to a worker thread as its typed arrays', () => {
    const map = new IdMap();
    for (const [i, id] of [...SMALL, ...LARGE].entries()) map.set(id, i);
    const copy = IdMap.fromData(structuredClone(map.toData()));
    for (const [i, id] of [...SMALL, ...LARGE].entries()) expect(copy.get(id)).toBe(i);
    expect(copy.get(5_000_001)).toBeUndefined();
  });
});

describe('IdSet data', () => {
  it('survives the trip to a worker thread as its typed arrays', () => {
    const set = new IdSet();
    for (const id of [...SMALL, ...LARGE]) set.add(id);
    const copy = IdSet.fromData(structuredClone(set.toData()));
    for (const id of [...SMALL, ...LARGE]) expect(copy.has(id)).toBe(true);
    for (const id of [3, 5_000_001, 2 ** 28 + 1]) expect(copy.has(id)).toBe(false);
  });
});
