// Checks over what the latest load quarantined: duplicates, negative quantities and prices, unknown products.
// Counts, impact and product ids come from the load's tallies (cuarentena_resumen), the sample from a few
// indexed rows: the cost does not depend on how many rows were quarantined.
import type { Check, CheckContext, CheckFinding, Impact, Severity } from '../types.ts';
import { MAX_LISTED_IDS } from './bounded-list.ts';
import { latestLoadId } from './latest-load.ts';
import { loadedDuplicateSales } from './loaded-duplicates.ts';
import { type QuarantineTally, quarantineSample, quarantineTallies } from './quarantine-tallies.ts';

interface QuarantineCheckSpec {
  code: string;
  severity: Severity;
  description: string;
  reason: string;
  files: string[];
  /** Extra details computed from the files' tallies. */
  details?: (tallies: QuarantineTally[]) => Record<string, unknown>;
  /** Further rows affected that are not in the quarantine (e.g. duplicates left among loaded rows). */
  extra?: (ctx: CheckContext) => Promise<{ rows: number; details: Record<string, unknown> }>;
}

/** Units and revenue of the quarantined sales, when the sales file has any whose values parsed. */
function saleImpact(tallies: QuarantineTally[]): Impact | null {
  const sales = tallies.find((t) => t.archivo === 'ventas.csv');
  if (!sales || sales.unidades === null || sales.ingresos === null) return null;
  return { unidades: sales.unidades, ingresos: Math.round(sales.ingresos * 100) / 100 };
}

export function quarantineCheck(spec: QuarantineCheckSpec): Check {
  return {
    code: spec.code,
    severity: spec.severity,
    description: spec.description,
    async run(ctx): Promise<CheckFinding> {
      const loadId = await latestLoadId(ctx.db);
      const tallies = loadId === null ? [] : await quarantineTallies(ctx.db, loadId, spec.reason, spec.files);
      const quarantined = tallies.reduce((n, t) => n + t.filas, 0);
      const samples =
        loadId === null || quarantined === 0
          ? []
          : await quarantineSample(
              ctx.db,
              loadId,
              spec.reason,
              tallies.map((t) => t.archivo),
              ctx.config.sampleSize,
            );
      const extra = spec.extra ? await spec.extra(ctx) : { rows: 0, details: {} };
      const affected = quarantined + extra.rows;
      return {
        passed: affected === 0,
        rowsAffected: affected,
        samples,
        impact: saleImpact(tallies),
        details: {
          reason: spec.reason,
          quarantinedByFile: Object.fromEntries(tallies.map((t) => [t.archivo, t.filas])),
          ...(spec.details?.(tallies) ?? {}),
          ...extra.details,
        },
      };
    },
  };
}

export const duplicateSales = quarantineCheck({
  code: 'duplicate_sales',
  severity: 'ERROR',
  description: 'No duplicate sale ids among loaded sales; sales quarantined as duplicate_id',
  reason: 'duplicate_id',
  files: ['ventas.csv'],
  async extra(ctx) {
    const dupes = await loadedDuplicateSales(ctx);
    return { rows: dupes.rows, details: { loadedDuplicateIds: dupes.ids, loadedDuplicateIdsTruncated: dupes.truncated } };
  },
});

export const negativeQuantities = quarantineCheck({
  code: 'negative_quantities',
  severity: 'ERROR',
  description: 'Sales quarantined for a negative quantity',
  reason: 'negative_quantity',
  files: ['ventas.csv'],
});

/**
 * The missing product ids of both files, ascending, cut at MAX_LISTED_IDS. Each file's tally lists its first
 * MAX_LISTED_IDS ids, and the first MAX_LISTED_IDS of the union are always among those of the two lists.
 */
function missingProducts(tallies: QuarantineTally[]) {
  const union = [...new Set(tallies.flatMap((t) => t.productos))].sort((a, b) => a - b);
  const cutInAFile = tallies.some((t) => t.productosDistintos > t.productos.length);
  return { missingProductIds: union.slice(0, MAX_LISTED_IDS), missingProductIdsTruncated: cutInAFile || union.length > MAX_LISTED_IDS };
}

export const unknownProducts = quarantineCheck({
  code: 'unknown_products',
  severity: 'ERROR',
  description: 'Sales and stock rows quarantined for a product that is not loaded',
  reason: 'unknown_product',
  files: ['ventas.csv', 'inventario.csv'],
  details: missingProducts,
});

export const negativePrices = quarantineCheck({
  code: 'negative_prices',
  severity: 'ERROR',
  description: 'Products and sales quarantined for a negative price',
  reason: 'negative_price',
  files: ['productos.csv', 'ventas.csv'],
});
