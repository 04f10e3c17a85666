// The knobs of the sales and stock generators: how much of a file is dirty, with which reasons, in
// what pattern, in which CSV format. The defaults are the bundled data set's; the shapes
// (shapes.ts) turn them to give data sets that differ from it in ratios and patterns.
import type { ReasonCode } from './codes.ts';
import type { CsvFormat } from './csv-writer.ts';
import { QUARANTINED_PRODUCT_ID } from './products.ts';

/** Dirty rows in runs of one reason, instead of each row decided on its own. */
export interface DirtRunOptions {
  /** Mean length of an ordinary run of dirty rows (clean runs are sized to keep the dirty share). */
  mean: number;
  /** Share of ordinary dirty runs whose rows are all copies of the run's first row. */
  verbatimShare: number;
  /** Chance that a dirty run is a long run of copies of one row (an export stuck in a loop). */
  longChance: number;
  /** Longest such run; runs are also capped at 2% of the file, so a scaled-down set keeps its ratios. */
  longMax: number;
}

export interface DirtMix {
  /** Share of rows after the opening script that are quarantined. */
  rate: number;
  /** Relative weight of each reason; omitted: every reason the file can have, equally. */
  weights?: Partial<Record<ReasonCode, number>>;
  /** Omitted: every row is dirty or clean on its own draw (the default data set). */
  runs?: DirtRunOptions;
}

export interface SalesProfile {
  format: CsvFormat;
  dirt: DirtMix;
  /** Share of clean rows that reuse the venta_id of an earlier quarantined row (which claimed none). */
  reclaimRate: number;
  zeroRate: number;
  futureRate: number;
  unknownClientRate: number;
  /** Chance of a blank line before a row (the reader skips them; line numbers still count them). */
  blankLineRate: number;
  /** Valid product ids that productos.csv never loads, used by `unknown_product` rows. */
  unknownProductIds: readonly number[];
}

/** duplicate_id as a stock export that re-sends recent snapshots again and again. */
export interface ReexportOptions {
  /** Share of all rows that re-send an already loaded (fecha, producto_id, almacen). */
  share: number;
  /** A re-sent block replays the most recent loaded keys, at most this many, oldest first. */
  windowRows: number;
  /** Fresh rows come in runs of 1 to this many between re-sent blocks. */
  freshRunMax: number;
}

export interface InventoryProfile {
  format: CsvFormat;
  /** Dirt among the rows that are not re-sent blocks. */
  dirt: DirtMix;
  negativeStockRate: number;
  futureRate: number;
  /** Share of rows with a note in the ignored `observaciones` column. */
  noteRate: number;
  /** Warehouse names; more (`Almacén 4`, ...) are added when the days would exceed ten years. */
  warehouses: readonly string[];
  /** Each day's snapshot in warehouse and product order, as a stock report lists it; else shuffled. */
  ordered: boolean;
  reexport?: ReexportOptions;
  unknownProductIds: readonly number[];
}

export const DEFAULT_SALES_PROFILE: SalesProfile = {
  format: { encoding: 'utf-8', delimiter: ',', lineEnding: '\n', bom: false },
  dirt: { rate: 0.03 },
  reclaimRate: 0.001,
  zeroRate: 0.012,
  futureRate: 0.006,
  unknownClientRate: 0.015,
  blankLineRate: 1 / 2500,
  unknownProductIds: [QUARANTINED_PRODUCT_ID],
};

export const DEFAULT_INVENTORY_PROFILE: InventoryProfile = {
  format: { encoding: 'utf-8', delimiter: '\t', lineEnding: '\n', bom: false },
  dirt: { rate: 0.03 },
  negativeStockRate: 0.02,
  futureRate: 0.005,
  noteRate: 0.2,
  warehouses: ['Central', 'Norte', 'Sur'],
  ordered: false,
  unknownProductIds: [QUARANTINED_PRODUCT_ID],
};
