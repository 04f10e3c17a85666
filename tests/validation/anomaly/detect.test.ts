import { describe, expect, it } from 'vitest';
import { type AnomalyPoint, describeVerdict, detectAnomaly } from '../../../src/validation/anomaly/detect.ts';

/** A small seeded generator, so each history is the same on every run. */
function noise(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31 - 0.5; // -0.5 .. 0.5
  };
}

/** One point a day from 2024-01-01 (a Monday), value f(i) with ±`jitter` relative noise. */
function history(days: number, f: (i: number) => number, jitter = 0.02, seed = 7): AnomalyPoint[] {
  const r = noise(seed);
  return Array.from({ length: days }, (_, i) => ({
    at: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10),
    value: Math.round(f(i) * (1 + jitter * 2 * r())),
  }));
}

/** Judges each point against the ones before it, as successive loads would; the indexes flagged. */
function flagged(points: AnomalyPoint[], options = {}): number[] {
  return points.flatMap((p, i) => (detectAnomaly(p, points.slice(0, i), options).status === 'anomaly' ? [i] : []));
}

describe('detectAnomaly', () => {
  it('stays silent until the minimum history exists', () => {
    const past = history(4, () => 5300);
    const verdict = detectAnomaly({ at: '2024-01-05', value: 10 }, past);
    expect(verdict).toEqual({ status: 'insufficient_history', value: 10, points: 4, minPoints: 5 });
    expect(describeVerdict('ventas loaded', 'rows', verdict)).toBe('ventas loaded 10 rows; not judged: 4 comparable loads, 5 needed');
  });

  it('flags a sudden drop, with the value, the expected range and how many points it used', () => {
    const past = history(20, () => 5300, 0.02);
    const verdict = detectAnomaly({ at: '2024-01-21', value: 412 }, past);
    expect(verdict).toMatchObject({ status: 'anomaly', direction: 'low', value: 412, points: 14 });
    if (verdict.status !== 'anomaly') throw new Error('expected an anomaly');
    expect(verdict.expected.low).toBeGreaterThan(4_800);
    expect(verdict.expected.high).toBeLessThan(5_800);
    expect(describeVerdict('ventas loaded', 'rows', verdict)).toMatch(
      /^ventas loaded 412 rows; expected [45],\d{3}–5,\d{3} from the last 14 loads$/,
    );
  });

  it('does not flag the ordinary noise of a steady history', () => {
    expect(flagged(history(60, () => 5300, 0.02))).toEqual([]);
  });

  it('flags a sudden jump up as high', () => {
    const verdict = detectAnomaly(
      { at: '2024-01-21', value: 9000 },
      history(20, () => 5300),
    );
    expect(verdict).toMatchObject({ status: 'anomaly', direction: 'high' });
  });

  it('uses a floor of 1% of the median on a constant history (MAD 0), so a tiny change is not an anomaly', () => {
    const past = history(14, () => 5000, 0);
    expect(detectAnomaly({ at: '2024-01-15', value: 5040 }, past)).toMatchObject({
      status: 'normal',
      spread: 50,
      expected: { low: 4825, high: 5175 },
    });
    expect(detectAnomaly({ at: '2024-01-15', value: 4000 }, past)).toMatchObject({ status: 'anomaly', direction: 'low' });
  });

  it('uses the absolute floor on a history of zeros (a quarantine share usually 0)', () => {
    const past = history(14, () => 0, 0);
    const options = { absoluteFloor: 0.005 };
    expect(detectAnomaly({ at: '2024-01-15', value: 0.01 }, past, options)).toMatchObject({ status: 'normal' });
    expect(detectAnomaly({ at: '2024-01-15', value: 0.2 }, past, options)).toMatchObject({ status: 'anomaly', direction: 'high' });
    expect(
      describeVerdict('ventas quarantined', 'of its rows', detectAnomaly({ at: '2024-01-15', value: 0.2 }, past, options), {
        percent: true,
      }),
    ).toBe('ventas quarantined 20% of its rows; expected 0%–1.75% from the last 14 loads');
  });

  describe('a slow drift', () => {
    it('is not caught while each step stays inside the band: the window follows it (documented limit)', () => {
      // +0.1% a load for 150 loads (+16% in all) under 2% noise: never outside the recent loads' band.
      expect(flagged(history(150, (i) => 5000 * 1.001 ** i, 0.02))).toEqual([]);
    });

    it('is caught once it leaves the band: a drift fast against the noise', () => {
      // Flat for 20 loads, then -6% a load: flagged within a few loads of the start.
      const points = history(30, (i) => (i < 20 ? 5000 : 5000 * 0.94 ** (i - 19)), 0.01);
      const first = flagged(points)[0];
      expect(first).toBeGreaterThanOrEqual(20);
      expect(first).toBeLessThanOrEqual(22);
    });
  });

  describe('a weekly pattern (busy weekdays, quiet Sundays)', () => {
    // 2024-01-01 is a Monday: index i is a Sunday when i % 7 === 6.
    const weekly = history(56, (i) => (i % 7 === 6 ? 1000 : 5000), 0.02);
    const lastSunday = weekly[55]!;
    const before = weekly.slice(0, 55);

    it('non-seasonal, flags every Sunday dip as low', () => {
      expect(detectAnomaly(lastSunday, before)).toMatchObject({ status: 'anomaly', direction: 'low' });
    });

    it('seasonal by weekday, compares the Sunday with the past Sundays and does not flag it', () => {
      const verdict = detectAnomaly(lastSunday, before, { seasonal: true });
      expect(verdict).toMatchObject({ status: 'normal', points: 7 });
      expect(describeVerdict('ventas loaded', 'rows', verdict, { seasonal: true })).toMatch(/from the last 7 loads on the same weekday$/);
      expect(flagged(weekly, { seasonal: true })).toEqual([]);
    });

    it('seasonal by weekday, still flags a Sunday as busy as a weekday', () => {
      expect(detectAnomaly({ at: lastSunday.at, value: 5000 }, before, { seasonal: true })).toMatchObject({
        status: 'anomaly',
        direction: 'high',
      });
    });

    it('seasonal, is silent until enough same-weekday points exist', () => {
      expect(detectAnomaly(weekly[27]!, weekly.slice(0, 27), { seasonal: true })).toMatchObject({
        status: 'insufficient_history',
        points: 3,
      });
    });
  });
});
