// The small set of metrics every load stores for the anomaly checks: per file, rows read, loaded and
// quarantined and the quarantine share (from the load's own counts); for ventas, units and revenue in total,
// per day and per category, and distinct clients. No pass over the sales: the per-day and per-category
// figures come from the summary the load wrote while it streamed them (resumen_ventas), the distinct
// clients from the index on ventas.cliente_id.
import type { Kysely } from 'kysely';
import type { Database, MetricasCargaTable } from '../db/tables.ts';
import { indexedDistinct } from './column-profile.ts';

/** Per-day metrics kept per load: the latest days of the data, about a year. */
export const MAX_DAYS = 366;

const cents = (x: number) => Math.round(x * 100) / 100;

export async function computeLoadMetrics(db: Kysely<Database>, loadId: number): Promise<MetricasCargaTable[]> {
  const rows: MetricasCargaTable[] = [];
  const add = (archivo: string, metrica: MetricasCargaTable['metrica'], valor: number, clave = '') =>
    rows.push({ carga_id: loadId, archivo, metrica, clave, valor });

  const files = await db
    .selectFrom('carga_archivos')
    .select(['archivo', 'leidas', 'cargadas', 'en_cuarentena'])
    .where('carga_id', '=', loadId)
    .orderBy('archivo')
    .execute();
  for (const f of files) {
    const read = Number(f.leidas);
    const quarantined = Number(f.en_cuarentena);
    add(f.archivo, 'filas_leidas', read);
    add(f.archivo, 'filas_cargadas', Number(f.cargadas));
    add(f.archivo, 'filas_cuarentena', quarantined);
    add(f.archivo, 'cuota_cuarentena', read === 0 ? 0 : quarantined / read);
  }

  // Per day: the summary the load wrote while it streamed the sales (its latest 366 days), no extra pass.
  const days = await db
    .selectFrom('resumen_ventas')
    .select(['clave', 'unidades', 'ingresos'])
    .where('carga_id', '=', loadId)
    .where('dimension', '=', 'dia')
    .orderBy('orden', 'desc')
    .limit(MAX_DAYS)
    .execute();
  for (const d of days) {
    add('ventas', 'unidades_dia', Number(d.unidades), d.clave);
    add('ventas', 'ingresos_dia', cents(Number(d.ingresos)), d.clave);
  }

  // Per category (and so in total): the summary the load itself wrote while it streamed the sales, no extra pass.
  const categories = await db
    .selectFrom('resumen_ventas')
    .select(['clave', 'unidades', 'ingresos'])
    .where('carga_id', '=', loadId)
    .where('dimension', '=', 'categoria')
    .orderBy('clave')
    .execute();
  let units = 0;
  let revenue = 0;
  for (const c of categories) {
    units += Number(c.unidades);
    revenue += Number(c.ingresos);
    add('ventas', 'unidades_categoria', Number(c.unidades), c.clave);
    add('ventas', 'ingresos_categoria', cents(Number(c.ingresos)), c.clave);
  }
  add('ventas', 'unidades', units);
  add('ventas', 'ingresos', cents(revenue));

  const clients = await indexedDistinct(db, 'ventas', 'cliente_id');
  add('ventas', 'clientes_distintos', clients);
  return rows;
}
