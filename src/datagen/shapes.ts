// The data-set shapes the ETL is measured and tested on (`--shape A|B|C|D`): sizes, catalogue and
// the sales and stock profiles. Each differs from the bundled set in more than size (ratios, runs
// of one bad row, re-sent blocks, formats), because the team also loads sets of these shapes made
// by other generators: nothing here is tuned to what our own ETL happens to find easy.
import type { ReasonCode } from './codes.ts';
import { DEFAULT_INVENTORY_PROFILE, DEFAULT_SALES_PROFILE, type InventoryProfile, type SalesProfile } from './profiles.ts';
import { QUARANTINED_PRODUCT_ID } from './products.ts';

export const SHAPE_NAMES = ['A', 'B', 'C', 'D'] as const;
export type ShapeName = (typeof SHAPE_NAMES)[number];

export interface Shape {
  name: ShapeName;
  /** One line for help texts and benchmark tables. */
  summary: string;
  sales: number;
  inventory: number;
  /** Loaded products beyond the ten hand-made ones (generated rows appended to productos.csv). */
  extraProducts: number;
  salesProfile: SalesProfile;
  inventoryProfile: InventoryProfile;
}

/** Product ids above any catalogue here, never loaded: discontinued products still being sold. */
const discontinued = (n: number): number[] => [QUARANTINED_PRODUCT_ID, ...Array.from({ length: n }, (_, k) => 9001 + k)];
const weights = (w: Partial<Record<ReasonCode, number>>) => w;

const A: Shape = {
  name: 'A',
  summary: '1M sales, 5k stock rows: the bundled set scaled up (3% dirt, row by row)',
  sales: 1_000_000,
  inventory: 5_000,
  extraProducts: 0,
  salesProfile: DEFAULT_SALES_PROFILE,
  inventoryProfile: DEFAULT_INVENTORY_PROFILE,
};

const B: Shape = {
  name: 'B',
  summary: '1M sales + 1M stock rows: a daily snapshot per product x warehouse (250 x 8), ~5% dirt in runs',
  sales: 1_000_000,
  inventory: 1_000_000,
  extraProducts: 240,
  salesProfile: DEFAULT_SALES_PROFILE,
  inventoryProfile: {
    // A spreadsheet-style export: Windows-1252, semicolons, CRLF.
    format: { encoding: 'windows-1252', delimiter: ';', lineEnding: '\r\n', bom: false },
    dirt: {
      rate: 0.05,
      weights: weights({
        invalid_number: 30,
        missing_value: 25,
        duplicate_id: 15,
        invalid_date: 10,
        malformed_row: 10,
        invalid_id: 5,
        unknown_product: 5,
      }),
      runs: { mean: 8, verbatimShare: 0.25, longChance: 0.002, longMax: 2_000 },
    },
    negativeStockRate: 0.04,
    // A future-dated row would take its key out of the day's snapshot.
    futureRate: 0,
    noteRate: 0.05,
    warehouses: ['Central', 'Norte', 'Sur', 'Este', 'Oeste', 'Levante', 'Cantábrico', 'Puerto Seco'],
    ordered: true,
    unknownProductIds: discontinued(3),
  },
};

const C: Shape = {
  name: 'C',
  summary: '1M sales >= 50% quarantined (mixed reasons, long runs of copies) + 1M stock rows >= 90% duplicate_id (re-sent snapshots)',
  sales: 1_000_000,
  inventory: 1_000_000,
  extraProducts: 40,
  salesProfile: {
    format: { encoding: 'utf-8', delimiter: ';', lineEnding: '\r\n', bom: true },
    dirt: {
      rate: 0.6,
      weights: weights({
        duplicate_id: 25,
        unknown_product: 20,
        invalid_date: 15,
        invalid_number: 12,
        negative_quantity: 8,
        negative_price: 7,
        missing_value: 6,
        malformed_row: 4,
        invalid_id: 3,
      }),
      runs: { mean: 40, verbatimShare: 0.3, longChance: 0.003, longMax: 20_000 },
    },
    reclaimRate: 0.01,
    zeroRate: 0.02,
    futureRate: 0.01,
    unknownClientRate: 0.03,
    blankLineRate: 1 / 300,
    unknownProductIds: discontinued(50),
  },
  inventoryProfile: {
    ...DEFAULT_INVENTORY_PROFILE,
    // Dirt among the fresh rows only; the duplicates are the re-sent blocks.
    dirt: {
      rate: 0.3,
      weights: weights({ missing_value: 20, invalid_date: 20, invalid_number: 20, unknown_product: 20, malformed_row: 10, invalid_id: 10 }),
      runs: { mean: 5, verbatimShare: 0.5, longChance: 0, longMax: 1 },
    },
    noteRate: 0.6,
    reexport: { share: 0.93, windowRows: 1_500, freshRunMax: 60 },
    unknownProductIds: discontinued(5),
  },
};

const D: Shape = {
  name: 'D',
  summary: '10M sales (1.2% dirt in short runs, more returns and unknown clients), 5k stock rows as in A',
  sales: 10_000_000,
  inventory: 5_000,
  extraProducts: 0,
  salesProfile: {
    ...DEFAULT_SALES_PROFILE,
    dirt: {
      rate: 0.012,
      weights: weights({
        missing_value: 20,
        invalid_date: 20,
        invalid_number: 20,
        negative_quantity: 10,
        duplicate_id: 10,
        malformed_row: 6,
        invalid_id: 6,
        negative_price: 4,
        unknown_product: 4,
      }),
      runs: { mean: 4, verbatimShare: 0.5, longChance: 0.001, longMax: 5_000 },
    },
    zeroRate: 0.03,
    futureRate: 0.002,
    unknownClientRate: 0.05,
    blankLineRate: 1 / 50_000,
  },
  inventoryProfile: DEFAULT_INVENTORY_PROFILE,
};

export const SHAPES: Readonly<Record<ShapeName, Shape>> = { A, B, C, D };

export function isShapeName(text: string): text is ShapeName {
  return (SHAPE_NAMES as readonly string[]).includes(text);
}

/** A shape's row counts times `scale` (0.001 gives a quick set of the same shape). */
export function scaledSizes(shape: Shape, scale = 1): { sales: number; inventory: number } {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a number > 0, got ${scale}`);
  return { sales: Math.round(shape.sales * scale), inventory: Math.round(shape.inventory * scale) };
}
