// Which columns of the loaded tables are profiled, and as what. The load's bookkeeping columns (carga_id,
// linea, the stock row's surrogate id) are left out: they say nothing about the data. Every profiled column
// is NOT NULL in the schema (the load quarantines a row with a missing field), so nulls are not counted:
// missing is 0 by constraint for numbers and dates, and the count of empty strings for text.
import type { Database, TipoColumna } from '../db/tables.ts';

export interface ProfiledColumn {
  table: keyof Database;
  column: string;
  type: TipoColumna;
  /** A primary key: its distinct count is its row count, not computed. */
  unique?: true;
  /** Leads an index: min, max and distinct count read the index instead of the table. */
  indexed?: true;
  /** An identifier: min and max, no mean (the mean of ids means nothing). */
  id?: true;
  /**
   * A column the load counts per value as it streams (the warehouse in resumen_inventario, the sales' city in
   * resumen_ventas) or summarizes (a number of ventas or inventario in resumen_columnas): its distinct count,
   * empty count, range, mean and top values come from those rows when they add up to the table's, with no
   * pass over the table.
   */
  summarized?: 'almacen' | 'ciudad' | 'numeros';
}

/** The table's columns, their names checked against the table's type. */
function columns<T extends keyof Database>(
  table: T,
  list: Array<Omit<ProfiledColumn, 'table' | 'column'> & { column: keyof Database[T] & string }>,
): ProfiledColumn[] {
  return list.map((c) => ({ table, ...c }));
}

export const PROFILED_COLUMNS: readonly ProfiledColumn[] = [
  ...columns('categorias', [
    { column: 'id', type: 'numero', unique: true, indexed: true, id: true },
    { column: 'nombre', type: 'texto' },
  ]),
  ...columns('ciudades', [
    { column: 'id', type: 'numero', unique: true, indexed: true, id: true },
    { column: 'nombre', type: 'texto' },
  ]),
  ...columns('productos', [
    { column: 'producto_id', type: 'numero', unique: true, indexed: true, id: true },
    { column: 'nombre', type: 'texto' },
    { column: 'categoria_id', type: 'numero', indexed: true, id: true },
    { column: 'precio', type: 'numero' },
  ]),
  ...columns('clientes', [
    { column: 'cliente_id', type: 'numero', unique: true, indexed: true, id: true },
    { column: 'nombre', type: 'texto' },
    { column: 'email', type: 'texto' },
    { column: 'ciudad_id', type: 'numero', indexed: true, id: true },
    { column: 'fecha_registro', type: 'fecha' },
  ]),
  ...columns('ventas', [
    { column: 'venta_id', type: 'numero', unique: true, indexed: true, id: true },
    { column: 'fecha', type: 'fecha', indexed: true },
    { column: 'producto_id', type: 'numero', indexed: true, id: true },
    { column: 'cliente_id', type: 'numero', indexed: true, id: true },
    { column: 'ciudad_id', type: 'numero', id: true, summarized: 'ciudad' },
    { column: 'cantidad', type: 'numero', summarized: 'numeros' },
    { column: 'precio_unitario', type: 'numero', summarized: 'numeros' },
  ]),
  ...columns('inventario', [
    { column: 'fecha', type: 'fecha', indexed: true },
    { column: 'producto_id', type: 'numero', indexed: true, id: true },
    { column: 'almacen', type: 'texto', summarized: 'almacen' },
    { column: 'stock', type: 'numero', summarized: 'numeros' },
  ]),
];

/** Most frequent values kept per text column. */
export const TOP_VALUES = 5;
