// The tables a declared check may name, with each column's type (what a kind accepts: a date for
// freshness, a number for metric and numeric ranges) and the key samples are ordered by. Column names
// come from the expected schema (a test keeps the two in step); the types are the migrations' own.
export type ColumnType = 'integer' | 'number' | 'text' | 'date';

export interface TableInfo {
  /** Samples are the affected rows with the lowest keys. */
  key: string;
  columns: Record<string, ColumnType>;
}

export const DATA_TABLES: Record<string, TableInfo> = {
  categorias: { key: 'id', columns: { id: 'integer', nombre: 'text', carga_id: 'integer' } },
  ciudades: { key: 'id', columns: { id: 'integer', nombre: 'text', carga_id: 'integer' } },
  productos: {
    key: 'producto_id',
    columns: { producto_id: 'integer', nombre: 'text', categoria_id: 'integer', precio: 'number', carga_id: 'integer', linea: 'integer' },
  },
  clientes: {
    key: 'cliente_id',
    columns: {
      cliente_id: 'integer',
      nombre: 'text',
      email: 'text',
      ciudad_id: 'integer',
      fecha_registro: 'date',
      carga_id: 'integer',
      linea: 'integer',
    },
  },
  ventas: {
    key: 'venta_id',
    columns: {
      venta_id: 'integer',
      fecha: 'date',
      producto_id: 'integer',
      cliente_id: 'integer',
      ciudad_id: 'integer',
      cantidad: 'integer',
      precio_unitario: 'number',
      carga_id: 'integer',
      linea: 'integer',
    },
  },
  inventario: {
    key: 'id',
    columns: {
      id: 'integer',
      fecha: 'date',
      producto_id: 'integer',
      almacen: 'text',
      stock: 'integer',
      carga_id: 'integer',
      linea: 'integer',
    },
  },
};

export const isNumeric = (type: ColumnType | undefined) => type === 'integer' || type === 'number';
