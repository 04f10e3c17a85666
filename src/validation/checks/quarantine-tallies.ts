// What a load quarantined for one reason, read without reading the quarantined rows: the load's tallies per
// file (cuarentena_resumen: rows, the sales' units and revenue, unknown product ids) and a bounded sample of
// the rows themselves in file and line order. A load can quarantine millions of rows (issue 13: 2M copies of
// one sale took 16.7 s and 1.38 GB when every row was read back and its JSON parsed).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.ts';
import { MAX_LISTED_IDS } from './bounded-list.ts';

export interface QuarantineTally {
  archivo: string;
  filas: number;
  /** Units and revenue of the file's quarantined sales whose values parsed; null for other files. */
  unidades: number | null;
  ingresos: number | null;
  /** Up to MAX_LISTED_IDS distinct product ids of `unknown_product` rows, ascending. */
  productos: number[];
  /** How many distinct product ids those rows name (the list above may be cut). */
  productosDistintos: number;
}

/** The tallies of `reason` in `files` for load `loadId`, in file-name order; files with no such row are absent. */
export async function quarantineTallies(
  db: Kysely<Database>,
  loadId: number,
  reason: string,
  files: readonly string[],
): Promise<QuarantineTally[]> {
  const rows = await db
    .selectFrom('cuarentena_resumen')
    .select(['archivo', 'filas', 'unidades', 'ingresos', 'productos', 'productos_distintos'])
    .where('carga_id', '=', loadId)
    .where('razon', '=', reason)
    .where('archivo', 'in', [...files])
    .orderBy('archivo')
    .execute();
  return rows
    .filter((r) => Number(r.filas) > 0)
    .map((r) => {
      const productos = r.productos === null ? [] : (JSON.parse(r.productos) as number[]).slice(0, MAX_LISTED_IDS);
      return {
        archivo: r.archivo,
        filas: Number(r.filas),
        unidades: r.unidades === null ? null : Number(r.unidades),
        ingresos: r.ingresos === null ? null : Number(r.ingresos),
        productos,
        productosDistintos: r.productos_distintos === null ? productos.length : Number(r.productos_distintos),
      };
    });
}

/**
 * The first `size` quarantined rows of `reason` in the tallied files, by file then line. One query per file,
 * each an index range (cuarentena_archivo_razon_idx: archivo, razon, then id) stopped by its LIMIT, so the cost
 * does not grow with the number of quarantined rows. Within a load's file, ids follow the lines: the load
 * writes a file's quarantined rows in file order.
 */
export async function quarantineSample(db: Kysely<Database>, loadId: number, reason: string, files: readonly string[], size: number) {
  const samples: Array<{ archivo: string; linea: number; contenido: string; mensaje: string }> = [];
  for (const archivo of files) {
    if (samples.length >= size) break;
    const rows = await db
      .selectFrom('cuarentena')
      .select(['archivo', 'linea', 'contenido', 'mensaje'])
      .where('razon', '=', reason)
      .where('archivo', '=', archivo)
      .where('carga_id', '=', loadId)
      .orderBy('id')
      .limit(size - samples.length)
      .execute();
    samples.push(...rows);
  }
  return samples;
}
