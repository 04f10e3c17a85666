// The four input files: their names, required columns and load order. Neutral ground: the ETL reads them,
// the upload sends them and the report names them, so it belongs to none of those.

export const FILE_SPECS = {
  productos: { fileName: 'productos.csv', columns: ['producto_id', 'nombre', 'categoria', 'precio'] },
  clientes: { fileName: 'clientes.csv', columns: ['cliente_id', 'nombre', 'email', 'ciudad', 'fecha_registro'] },
  ventas: {
    fileName: 'ventas.csv',
    columns: ['venta_id', 'fecha', 'producto_id', 'cliente_id', 'cantidad', 'precio_unitario'],
  },
  inventario: { fileName: 'inventario.csv', columns: ['fecha', 'producto_id', 'almacen', 'stock'] },
} as const;

export type FileKey = keyof typeof FILE_SPECS;
export type ColumnOf<K extends FileKey> = (typeof FILE_SPECS)[K]['columns'][number];

/** Load order, which is also the order in which fatal errors are reported. */
export const FILE_ORDER: readonly FileKey[] = ['productos', 'clientes', 'ventas', 'inventario'];

/** The file key of a file name as the quarantine stores it (`ventas.csv` -> `ventas`), or null. */
export function fileKeyOf(fileName: string): FileKey | null {
  for (const key of FILE_ORDER) if (FILE_SPECS[key].fileName === fileName) return key;
  return null;
}
