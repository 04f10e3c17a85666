// Anomaly detection over a metric's history, offline and pure: the latest value against the median of the
// last N points, with a band of k robust standard deviations (MAD scaled by 1.4826, which equals the
// standard deviation for normal noise). Optionally seasonal by weekday: only points on the latest point's
// weekday are compared (a weekly dip is then the norm for its day, not an anomaly).
//
// What it catches: a sudden jump or drop (a value outside the band of the recent points), and a drift that
// is fast against the history's noise once it leaves the band. What it does not: a slow drift whose steps
// stay inside the band, because the window's median follows it; nor a change hidden inside a noisy history.
//
// A constant history has MAD 0 and would flag any change, however small: the spread has a floor of
// `relativeFloor` of the median's size (default 1%) and `absoluteFloor` (default 0, set per metric, e.g.
// half a percentage point for a share that is usually 0).

export interface AnomalyPoint {
  /** When the value was measured (ISO date or time); its weekday is the season. */
  at: string;
  value: number;
}

export interface AnomalyOptions {
  /** Points of history compared (the latest ones); default 14. */
  window: number;
  /** Fewer points than this and nothing is judged; default 5. */
  minPoints: number;
  /** Band half-width in robust standard deviations; default 3.5. */
  k: number;
  /** Compare only points on the latest point's weekday (UTC); default false. */
  seasonal: boolean;
  /** The spread is at least this share of |median|; default 0.01. */
  relativeFloor: number;
  /** And at least this, in the metric's units; default 0. */
  absoluteFloor: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  window: 14,
  minPoints: 5,
  k: 3.5,
  seasonal: false,
  relativeFloor: 0.01,
  absoluteFloor: 0,
};

export const MAD_SCALE = 1.4826;

export type AnomalyVerdict =
  | { status: 'insufficient_history'; value: number; points: number; minPoints: number }
  | {
      status: 'normal' | 'anomaly';
      value: number;
      /** Which side of the band a flagged value is on; null when normal. */
      direction: 'low' | 'high' | null;
      median: number;
      /** The spread used: max(1.4826 * MAD, floors). */
      spread: number;
      expected: { low: number; high: number };
      points: number;
    };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const weekday = (at: string) => new Date(at.length === 10 ? `${at}T00:00:00Z` : at).getUTCDay();

/** `history` oldest first, without the latest point. */
export function detectAnomaly(
  latest: AnomalyPoint,
  history: readonly AnomalyPoint[],
  options: Partial<AnomalyOptions> = {},
): AnomalyVerdict {
  const o = { ...DEFAULT_ANOMALY_OPTIONS, ...options };
  const season = o.seasonal ? weekday(latest.at) : null;
  const comparable = season === null ? history : history.filter((p) => weekday(p.at) === season);
  const values = comparable
    .slice(-o.window)
    .map((p) => p.value)
    .filter(Number.isFinite);
  if (values.length < o.minPoints || !Number.isFinite(latest.value)) {
    return { status: 'insufficient_history', value: latest.value, points: values.length, minPoints: o.minPoints };
  }
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  const spread = Math.max(MAD_SCALE * mad, o.relativeFloor * Math.abs(m), o.absoluteFloor);
  const low = m - o.k * spread;
  const high = m + o.k * spread;
  const direction = latest.value < low ? 'low' : latest.value > high ? 'high' : null;
  return {
    status: direction ? 'anomaly' : 'normal',
    value: latest.value,
    direction,
    median: m,
    spread,
    expected: { low, high },
    points: values.length,
  };
}

const formatNumber = (x: number, digits: number) => x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/**
 * One line a person reads: "ventas loaded 412 rows; expected 5,100–5,500 from the last 14 loads".
 * `what` says what was measured ("ventas loaded"), `unit` what the number counts ("rows"); a share is
 * written as a percentage.
 */
export function describeVerdict(
  what: string,
  unit: string,
  verdict: AnomalyVerdict,
  options: { percent?: boolean; seasonal?: boolean; nonNegative?: boolean } = {},
): string {
  const fmt = (x: number) => (options.percent ? `${formatNumber(x * 100, 2)}%` : formatNumber(x, Math.abs(x) >= 100 ? 0 : 2));
  const value = `${what} ${fmt(verdict.value)}${unit ? ` ${unit}` : ''}`;
  if (verdict.status === 'insufficient_history') {
    return `${value}; not judged: ${verdict.points} comparable loads, ${verdict.minPoints} needed`;
  }
  // A count or a share cannot go below 0: the band is shown clipped there.
  const low = options.percent || options.nonNegative ? Math.max(verdict.expected.low, 0) : verdict.expected.low;
  const loads = options.seasonal ? `the last ${verdict.points} loads on the same weekday` : `the last ${verdict.points} loads`;
  return `${value}; expected ${fmt(low)}–${fmt(verdict.expected.high)} from ${loads}`;
}
