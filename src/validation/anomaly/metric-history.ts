// A stored metric's values over the latest successful loads, per series (file and key), read from
// metricas_carga: what the anomaly checks hand to the detector.
import type { Kysely } from 'kysely';
import type { Database, MetricaCarga } from '../../db/tables.ts';
import type { AnomalyPoint } from './detect.ts';

export interface MetricSeries {
  archivo: string;
  clave: string;
  /** The latest successful load's value; null when that load stored none for this series. */
  latest: AnomalyPoint | null;
  /** Earlier loads' values, oldest first. */
  history: AnomalyPoint[];
}

export interface MetricHistory {
  /** The latest successful load; null when none succeeded yet. */
  lastLoadId: number | null;
  series: MetricSeries[];
}

/**
 * Values of `metrica` over the latest `loads` successful loads (the latest one included), each dated by its
 * load's as-of date (the day the load is about: its weekday is the season). `archivo` and `clave` filter.
 */
export async function metricHistory(
  db: Kysely<Database>,
  metrica: MetricaCarga,
  loads: number,
  filter: { archivo?: string; clave?: string } = {},
): Promise<MetricHistory> {
  const recent = await db
    .selectFrom('cargas')
    .select(['id', 'fecha_corte'])
    .where('estado', '=', 'ok')
    .orderBy('id', 'desc')
    .limit(loads)
    .execute();
  if (recent.length === 0) return { lastLoadId: null, series: [] };
  const lastLoadId = Number(recent[0]!.id);
  const dateOf = new Map(recent.map((c) => [Number(c.id), c.fecha_corte]));
  let query = db
    .selectFrom('metricas_carga')
    .select(['carga_id', 'archivo', 'clave', 'valor'])
    .where('metrica', '=', metrica)
    .where('carga_id', 'in', [...dateOf.keys()]);
  if (filter.archivo !== undefined) query = query.where('archivo', '=', filter.archivo);
  if (filter.clave !== undefined) query = query.where('clave', '=', filter.clave);
  const rows = await query.orderBy('archivo').orderBy('clave').orderBy('carga_id').execute();

  const series = new Map<string, MetricSeries>();
  for (const r of rows) {
    const key = `${r.archivo}\u0000${r.clave}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { archivo: r.archivo, clave: r.clave, latest: null, history: [] }));
    const point = { at: dateOf.get(Number(r.carga_id))!, value: Number(r.valor) };
    if (Number(r.carga_id) === lastLoadId) s.latest = point;
    else s.history.push(point);
  }
  return { lastLoadId, series: [...series.values()] };
}
