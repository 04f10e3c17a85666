// Checks over what the latest load quarantined: duplicates, negative quantities and prices, unknown products.
import type { Check, CheckContext, CheckFinding, Impact, Severity } from '../types.ts';

interface QuarantineCheckSpec {
  code: string;
  severity: Severity;
  description: string;
  reason: string;
  files: string[];
  /** Extra details computed from the quarantined rows' parsed values. */
  details?: (values: Array<Record<string, unknown>>) => Record<string, unknown>;
  /** Further rows affected that are not in the quarantine (e.g. duplicates left among loaded rows). */
  extra?: (ctx: CheckContext) => Promise<{ rows: number; details: Record<string, unknown> }>;
}

function saleImpact(values: Array<Record<string, unknown>>): Impact | null {
  const sales = values.filter((v) => typeof v.cantidad === 'number' && typeof v.precio_unitario === 'number');
  if (sales.length === 0) return null;
  let unidades = 0;
  let ingresos = 0;
  for (const v of sales) {
    unidades += v.cantidad as number;
    ingresos += (v.cantidad as number) * (v.precio_unitario as number);
  }
  return { unidades, ingresos: Math.round(ingresos * 100) / 100 };
}

export function quarantineCheck(spec: QuarantineCheckSpec): Check {
  return {
    code: spec.code,
    severity: spec.severity,
    description: spec.description,
    async run(ctx): Promise<CheckFinding> {
      const rows = await ctx.db
        .selectFrom('cuarentena')
        .select(['archivo', 'linea', 'contenido', 'mensaje', 'valores'])
        .where('razon', '=', spec.reason)
        .where('archivo', 'in', spec.files)
        .orderBy('archivo')
        .orderBy('linea')
        .execute();
      const values = rows.map((r) => (r.valores === null ? {} : (JSON.parse(r.valores) as Record<string, unknown>)));
      const perFile: Record<string, number> = {};
      for (const r of rows) perFile[r.archivo] = (perFile[r.archivo] ?? 0) + 1;
      const extra = spec.extra ? await spec.extra(ctx) : { rows: 0, details: {} };
      const affected = rows.length + extra.rows;
      return {
        passed: affected === 0,
        rowsAffected: affected,
        samples: rows.slice(0, ctx.config.sampleSize).map(({ archivo, linea, contenido, mensaje }) => ({ archivo, linea, contenido, mensaje })),
        impact: saleImpact(values.filter((_, i) => rows[i]!.archivo === 'ventas.csv')),
        details: { reason: spec.reason, quarantinedByFile: perFile, ...(spec.details?.(values) ?? {}), ...extra.details },
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
    const dupes = await ctx.db
      .selectFrom('ventas')
      .select(['venta_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('venta_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    return { rows: dupes.reduce((n, d) => n + Number(d.n), 0), details: { loadedDuplicateIds: dupes.map((d) => d.venta_id) } };
  },
});

export const negativeQuantities = quarantineCheck({
  code: 'negative_quantities',
  severity: 'ERROR',
  description: 'Sales quarantined for a negative quantity',
  reason: 'negative_quantity',
  files: ['ventas.csv'],
});

export const unknownProducts = quarantineCheck({
  code: 'unknown_products',
  severity: 'ERROR',
  description: 'Sales and stock rows quarantined for a product that is not loaded',
  reason: 'unknown_product',
  files: ['ventas.csv', 'inventario.csv'],
  details: (values) => ({
    missingProductIds: [...new Set(values.map((v) => v.producto_id).filter((id): id is number => typeof id === 'number'))].sort((a, b) => a - b),
  }),
});

export const negativePrices = quarantineCheck({
  code: 'negative_prices',
  severity: 'ERROR',
  description: 'Products and sales quarantined for a negative price',
  reason: 'negative_price',
  files: ['productos.csv', 'ventas.csv'],
});
