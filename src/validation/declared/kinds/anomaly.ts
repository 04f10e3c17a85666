// anomaly: one of the metrics every load stores for the check's file (rows loaded, quarantine share,
// revenue per category...) against its own history, by median and MAD (src/validation/anomaly/). Silent
// while fewer than min_points earlier loads have the metric.
import { METRICAS_CARGA, type MetricaCarga } from '../../../db/tables.ts';
import { runAnomalyCheck } from '../../anomaly/anomaly-checks.ts';
import type { AnomalyOptions } from '../../anomaly/detect.ts';
import type { CheckKind } from './kind.ts';

interface AnomalyParams {
  metric: MetricaCarga;
  /** One key of a keyed metric (a day, a category); omitted, '' for a per-file metric, every key for a keyed one. */
  key: string | undefined;
  options: Partial<AnomalyOptions>;
}

const KEYED = (m: MetricaCarga) => m.endsWith('_dia') || m.endsWith('_categoria');

export const anomaly: CheckKind<AnomalyParams> = {
  kind: 'anomaly',
  keys: ['metric', 'key', 'window', 'min_points', 'k', 'seasonal'],
  parse(r) {
    const metric = r.string('metric');
    if (metric === undefined) return undefined;
    if (!(METRICAS_CARGA as readonly string[]).includes(metric)) {
      return r.error('metric', `unknown metric "${metric}" (metrics: ${METRICAS_CARGA.join(', ')})`);
    }
    const key = r.string('key', false);
    const window = r.number('window', { min: 2, max: 366, integer: true });
    const minPoints = r.number('min_points', { min: 2, max: 366, integer: true });
    const k = r.number('k', { min: 0.5, max: 20 });
    const seasonal = r.value('seasonal');
    if (seasonal !== undefined && seasonal !== null && typeof seasonal !== 'boolean') {
      return r.error('seasonal', `expected true or false for "seasonal", got ${JSON.stringify(seasonal)}`);
    }
    if (window !== undefined && minPoints !== undefined && minPoints > window) {
      return r.error('min_points', `bad bound: "min_points" (${minPoints}) is more than "window" (${window})`);
    }
    const options: Partial<AnomalyOptions> = {
      ...(window !== undefined ? { window } : {}),
      ...(minPoints !== undefined ? { minPoints } : {}),
      ...(k !== undefined ? { k } : {}),
      ...(typeof seasonal === 'boolean' ? { seasonal } : {}),
    };
    return { metric: metric as MetricaCarga, key, options };
  },
  describe: (p, table) => `${table}: ${p.metric}${p.key ? ` (${p.key})` : ''} in line with recent loads`,
  columnsUsed: () => [],
  run: (p, target, ctx) =>
    runAnomalyCheck(
      ctx.db,
      {
        metrica: p.metric,
        archivo: target.table,
        ...(p.key !== undefined ? { clave: p.key } : KEYED(p.metric) ? {} : { clave: '' }),
        label: (s) => `${s.archivo} ${p.metric}${s.clave ? ` of ${s.clave}` : ''}`,
        unit: '',
        percent: p.metric === 'cuota_cuarentena',
      },
      { ...(ctx.config.anomaly ?? {}), ...p.options },
    ),
};
