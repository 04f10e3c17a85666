// Built-in anomaly checks over the metrics every load stores: rows loaded and quarantine share per file,
// revenue in total and per category. Each compares the latest load with the last loads (detect.ts), is a
// WARNING by default, and passes with a reason while the history is too short to judge.
// `runAnomalyCheck` is the runner a declared `anomaly` check can call with its own metric and options.
import type { Kysely } from 'kysely';
import type { Database, MetricaCarga } from '../../db/tables.ts';
import type { Check, CheckFinding } from '../types.ts';
import { type AnomalyOptions, type AnomalyVerdict, DEFAULT_ANOMALY_OPTIONS, describeVerdict, detectAnomaly } from './detect.ts';
import { metricHistory } from './metric-history.ts';

export interface AnomalySpec {
  metrica: MetricaCarga;
  archivo?: string;
  /** Only this key ('' for the whole-file value); omitted, every key is its own series. */
  clave?: string;
  /** How a message names the value: `${archivo} loaded` + number + unit. */
  label: (series: { archivo: string; clave: string }) => string;
  unit: string;
  percent?: boolean;
  /** rowsAffected of a flagged series (default 0: the value is not a count of rows). */
  rows?: (verdict: AnomalyVerdict & { status: 'anomaly' }) => number;
  /** Per-metric floor of the spread (see detect.ts). */
  absoluteFloor?: number;
}

/** Series reported in details: the per-category and per-file lists are short, but a bound keeps them so. */
const MAX_SERIES = 50;

export async function runAnomalyCheck(
  db: Kysely<Database>,
  spec: AnomalySpec,
  options: Partial<AnomalyOptions> = {},
): Promise<CheckFinding> {
  const o: AnomalyOptions = { ...DEFAULT_ANOMALY_OPTIONS, absoluteFloor: spec.absoluteFloor ?? 0, ...options };
  // Seasonal mode compares one weekday in seven: it reads seven times as many loads for the same window.
  const loads = o.window * (o.seasonal ? 7 : 1) + 1;
  const { lastLoadId, series } = await metricHistory(db, spec.metrica, loads, { archivo: spec.archivo, clave: spec.clave });
  const settings = { metrica: spec.metrica, window: o.window, minPoints: o.minPoints, k: o.k, seasonal: o.seasonal };
  if (lastLoadId === null)
    return { passed: true, rowsAffected: 0, samples: [], impact: null, details: { lastLoadId, ...settings, reason: 'no successful load' } };
  const judged = series.filter((s) => s.latest !== null);
  if (judged.length === 0) {
    return {
      passed: true,
      rowsAffected: 0,
      samples: [],
      impact: null,
      details: { lastLoadId, ...settings, reason: 'the latest load stored no such metric' },
    };
  }

  const results = judged.map((s) => {
    const verdict = detectAnomaly(s.latest!, s.history, o);
    const message = describeVerdict(spec.label(s), spec.unit, verdict, { percent: spec.percent, seasonal: o.seasonal, nonNegative: true });
    return { archivo: s.archivo, clave: s.clave, verdict, message };
  });
  const flagged = results.filter((r) => r.verdict.status === 'anomaly');
  const judgedCount = results.filter((r) => r.verdict.status !== 'insufficient_history').length;
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  const sample = (r: (typeof results)[number]) => {
    const v = r.verdict;
    return {
      archivo: r.archivo,
      ...(r.clave ? { clave: r.clave } : {}),
      valor: round(v.value),
      ...(v.status === 'insufficient_history'
        ? { estado: 'sin_historial', puntos: v.points }
        : {
            estado: v.status === 'anomaly' ? 'anomalia' : 'normal',
            esperado_min: round(v.expected.low),
            esperado_max: round(v.expected.high),
            puntos: v.points,
          }),
      mensaje: r.message,
    };
  };
  return {
    passed: flagged.length === 0,
    rowsAffected: flagged.reduce((n, r) => n + (spec.rows ? spec.rows(r.verdict as AnomalyVerdict & { status: 'anomaly' }) : 0), 0),
    samples: flagged.map(sample),
    impact: null,
    details: {
      lastLoadId,
      ...settings,
      ...(judgedCount === 0 ? { reason: `not enough history: fewer than ${o.minPoints} earlier loads with this metric` } : {}),
      series: results.slice(0, MAX_SERIES).map(sample),
      seriesTruncated: results.length > MAX_SERIES,
    },
  };
}

/** The config's anomaly settings (config/validation.json `anomaly`), over the defaults. */
const optionsOf = (ctx: { config: { anomaly?: Partial<AnomalyOptions> } }) => ctx.config.anomaly ?? {};

export const anomalyRowsLoaded: Check = {
  code: 'anomaly_rows_loaded',
  severity: 'WARNING',
  description: 'Each file loaded a number of rows in line with its recent loads',
  run: (ctx) =>
    runAnomalyCheck(
      ctx.db,
      {
        metrica: 'filas_cargadas',
        clave: '',
        label: (s) => `${s.archivo} loaded`,
        unit: 'rows',
        rows: (v) => Math.round(Math.abs(v.median - v.value)),
        absoluteFloor: 1,
      },
      optionsOf(ctx),
    ),
};

export const anomalyQuarantineShare: Check = {
  code: 'anomaly_quarantine',
  severity: 'WARNING',
  description: "Each file's quarantined share is in line with its recent loads",
  run: (ctx) =>
    runAnomalyCheck(
      ctx.db,
      // Half a percentage point: a share that is usually 0 is not flagged for one odd row.
      {
        metrica: 'cuota_cuarentena',
        clave: '',
        label: (s) => `${s.archivo} quarantined`,
        unit: 'of its rows',
        percent: true,
        absoluteFloor: 0.005,
      },
      optionsOf(ctx),
    ),
};

export const anomalyRevenue: Check = {
  code: 'anomaly_revenue',
  severity: 'WARNING',
  description: 'Revenue, in total and per category, is in line with recent loads',
  async run(ctx) {
    const total = await runAnomalyCheck(
      ctx.db,
      { metrica: 'ingresos', archivo: 'ventas', clave: '', label: () => 'ventas revenue', unit: '' },
      optionsOf(ctx),
    );
    const perCategory = await runAnomalyCheck(
      ctx.db,
      { metrica: 'ingresos_categoria', archivo: 'ventas', label: (s) => `revenue of ${s.clave}`, unit: '' },
      optionsOf(ctx),
    );
    return {
      passed: total.passed && perCategory.passed,
      rowsAffected: 0,
      samples: [...total.samples, ...perCategory.samples],
      impact: null,
      details: { total: total.details, perCategory: perCategory.details },
    };
  },
};

export const ANOMALY_CHECKS: readonly Check[] = [anomalyRowsLoaded, anomalyQuarantineShare, anomalyRevenue];
