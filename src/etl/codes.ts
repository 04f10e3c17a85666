// Reason codes (row quarantined) and finding codes (row loaded and counted), in the contract's order.

/** In precedence order: a row gets the first reason that applies. */
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

/** Fatal input errors: the load stops before touching the data tables (row_count_drop: the data tables are rolled back). */
export type FatalCode = 'missing_file' | 'missing_column' | 'unreadable_file' | 'row_count_drop';

/** City given to sales whose client is not among the loaded clients. */
export const UNKNOWN_CITY = 'ciudad_desconocida';
