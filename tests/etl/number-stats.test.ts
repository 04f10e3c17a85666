// The numeric column summary the file worker keeps for the profile: exact counts, range and a sum that does
// not drift with the order of the rows.
import { describe, expect, it } from 'vitest';
import { NumberStats } from '../../src/etl/number-stats.ts';

describe('NumberStats', () => {
  it('counts rows, distinct values, the range and the sum', () => {
    const s = new NumberStats();
    for (const v of [3, 1.5, 3, -2, 0, -0, 1.5]) s.add(v);
    expect(s.toData()).toEqual({ filas: 7, distintos: 4, minimo: -2, maximo: 3, suma: 7 });
  });

  it('says nothing of the range or sum of a column with no rows', () => {
    expect(new NumberStats().toData()).toEqual({ filas: 0, distintos: 0, minimo: null, maximo: null, suma: null });
  });

  it('stops counting distinct values past its limit and says so with null', () => {
    const s = new NumberStats(10);
    for (let i = 0; i < 10; i++) s.add(i);
    expect(s.toData().distintos).toBe(10);
    s.add(5);
    expect(s.toData().distintos).toBe(10);
    s.add(10);
    expect(s.toData()).toMatchObject({ filas: 12, distintos: null, maximo: 10 });
  });

  it('keeps a compensated sum: small values after a large one are not lost', () => {
    const s = new NumberStats();
    s.add(1e16);
    for (let i = 0; i < 1000; i++) s.add(1);
    s.add(-1e16);
    expect(s.toData().suma).toBe(1000);
    // A plain running sum loses every 1: 1e16 + 1 rounds back to 1e16.
    let naive = 1e16;
    for (let i = 0; i < 1000; i++) naive += 1;
    expect(naive - 1e16).not.toBe(1000);
  });
});
