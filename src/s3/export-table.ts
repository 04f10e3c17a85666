// Writes one loaded table as CSV to a file, streaming rows from the database (optionally gzipped), with
// formula-like cells defused unless raw cells are asked for.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { SAFE_CELLS } from './csv-cells.ts';

/** The clean exports: each loaded table with its columns in a stable order. */
export const EXPORTS = {
  productos: {
    table: 'productos',
    columns: ['producto_id', 'nombre', 'categoria_id', 'precio', 'carga_id', 'linea'],
    order: 'producto_id',
  },
  categorias: { table: 'categorias', columns: ['id', 'nombre', 'carga_id'], order: 'id' },
  clientes: {
    table: 'clientes',
    columns: ['cliente_id', 'nombre', 'email', 'ciudad_id', 'fecha_registro', 'carga_id', 'linea'],
    order: 'cliente_id',
  },
  ciudades: { table: 'ciudades', columns: ['id', 'nombre', 'carga_id'], order: 'id' },
  ventas: {
    table: 'ventas',
    columns: ['venta_id', 'fecha', 'producto_id', 'cliente_id', 'ciudad_id', 'cantidad', 'precio_unitario', 'carga_id', 'linea'],
    order: 'venta_id',
  },
  inventario: { table: 'inventario', columns: ['id', 'fecha', 'producto_id', 'almacen', 'stock', 'carga_id', 'linea'], order: 'id' },
  cuarentena: {
    table: 'cuarentena',
    columns: ['id', 'carga_id', 'archivo', 'linea', 'razon', 'campo', 'mensaje', 'contenido'],
    order: 'id',
  },
} as const;

export type ExportName = keyof typeof EXPORTS;

export interface ExportOptions {
  gzip: boolean;
  /** Write every cell as it is in the database, formulas included (for consumers that are not spreadsheets). */
  rawCells?: boolean;
}

export async function exportTable(db: Kysely<Database>, name: ExportName, path: string, options: ExportOptions): Promise<void> {
  const { gzip, rawCells = false } = options;
  const spec = EXPORTS[name];
  const rows = db
    .selectFrom(spec.table as 'ventas')
    .select(spec.columns as unknown as Array<'venta_id'>)
    .orderBy(spec.order as 'venta_id')
    .stream(1000);
  const csv = stringify({ header: true, columns: [...spec.columns], ...(rawCells ? {} : { cast: SAFE_CELLS }) });
  const stages = [Readable.from(rows), csv, ...(gzip ? [createGzip()] : []), createWriteStream(path)];
  await pipeline(stages as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream]);
}
