// The contract's reason and finding codes, kept here rather than imported from src/etl: the
// generator is the independent oracle the ETL is tested against.

/** In the contract's precedence order: a row gets the first reason that applies. */
export const REASON_CODES = [
  'malformed_row',
  'missing_value',
  'invalid_id',
  'invalid_date',
  'invalid_number',
  'negative_quantity',
  'negative_price',
  'unknown_product',
  'duplicate_id',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const FINDING_CODES = ['zero_quantity', 'future_date', 'unknown_client', 'negative_stock'] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const FILE_KEYS = ['productos', 'clientes', 'ventas', 'inventario'] as const;
export type FileKey = (typeof FILE_KEYS)[number];

export const FILE_NAMES: Record<FileKey, string> = {
  productos: 'productos.csv',
  clientes: 'clientes.csv',
  ventas: 'ventas.csv',
  inventario: 'inventario.csv',
};

/** Sales and stock dated after this day are `future_date` in the expected outcome. */
export const AS_OF = '2025-01-01';
