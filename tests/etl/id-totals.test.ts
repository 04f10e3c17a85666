import { describe, expect, it } from 'vitest';
import { IdTotals } from '../../src/etl/id-totals.ts';

describe('IdTotals', () => {
  it('sums units, revenue and sales per id, dense and sparse ids alike, across growth', () => {
    const totals = new IdTotals();
    const ids = [1, 2, 4_194_303, 4_194_304, 2 ** 40, ...Array.from({ length: 5_000 }, (_, i) => 10 + 3 * i)];
    for (const id of ids) totals.add(id, 2, 10);
    totals.add(2 ** 40, 3, 1);
    expect(totals.count).toBe(ids.length);
    expect(totals.top(1)).toEqual([{ id: 2 ** 40, unidades: 5, ingresos: 23, ventas: 2 }]);
  });

  it('keeps the k ids with the most revenue, most first, ties to the lower id, whatever the order they came in', () => {
    const totals = new IdTotals();
    const revenue = (id: number) => (id * 7919) % 1000; // a scrambled order, with ties
    const ids = Array.from({ length: 3_000 }, (_, i) => 3_000 - i);
    for (const id of ids) totals.add(id, 1, revenue(id));
    const expected = [...ids].sort((a, b) => revenue(b) - revenue(a) || a - b).slice(0, 100);
    expect(totals.top(100).map((t) => t.id)).toEqual(expected);
    expect(totals.top(5000)).toHaveLength(3_000);
    expect(new IdTotals().top(3)).toEqual([]);
  });
});
