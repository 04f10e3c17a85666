// Cleans one inventario.csv row: a stock count per date, product and warehouse.
import type { FindingCode } from './codes.ts';
import type { IdLookup } from './id-set.ts';
import type { KeyClaims } from './inventory-keys.ts';
import { parseDate } from './parse-date.ts';
import { parseId } from './parse-id.ts';
import { parseWholeNumber, type NumberOptions } from './parse-number.ts';
import { FieldProblems, reject, type RowOutcome } from './row-outcome.ts';

export interface CleanInventario {
  fecha: string;
  producto_id: number;
  almacen: string;
  stock: number;
}

export interface InventarioContext {
  numberOptions: NumberOptions;
  asOf: string;
  products: IdLookup;
  /** Keys (fecha, producto_id, almacen) of the rows loaded so far. */
  seen: KeyClaims;
}

export function cleanInventario(
  get: (column: 'fecha' | 'producto_id' | 'almacen' | 'stock') => string,
  ctx: InventarioContext,
): RowOutcome<CleanInventario> {
  const p = new FieldProblems();
  const fecha = p.take('fecha', parseDate(get('fecha')));
  const producto = p.take('producto_id', parseId(get('producto_id')));
  const almacen = p.text('almacen', get('almacen'));
  const stock = p.take('stock', parseWholeNumber(get('stock'), ctx.numberOptions));
  if (p.rejection) return p.rejection;
  if (!ctx.products.has(producto!)) {
    return reject('unknown_product', 'producto_id', `producto_id: product ${producto} is not among the loaded products`, {
      fecha,
      producto_id: producto,
      almacen,
      stock,
    });
  }
  if (!ctx.seen.claim(fecha!, producto!, almacen!)) {
    return reject(
      'duplicate_id',
      'fecha, producto_id, almacen',
      `stock of product ${producto} in ${almacen} on ${fecha} already loaded from an earlier line`,
      { fecha, producto_id: producto, almacen, stock },
    );
  }
  const findings: FindingCode[] = [];
  if (stock! < 0) findings.push('negative_stock');
  if (fecha! > ctx.asOf) findings.push('future_date');
  return { ok: true, row: { fecha: fecha!, producto_id: producto!, almacen: almacen!, stock: stock! }, findings };
}
