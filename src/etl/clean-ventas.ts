// Cleans one ventas.csv row and enriches it with the client's city.
import type { FindingCode } from './codes.ts';
import type { IdMapLookup } from './id-map.ts';
import type { IdLookup } from './id-set.ts';
import { parseDate } from './parse-date.ts';
import { parseId } from './parse-id.ts';
import { parseDecimal, parseWholeNumber, type NumberOptions } from './parse-number.ts';
import { FieldProblems, reject, type RowOutcome } from './row-outcome.ts';

export interface CleanVenta {
  venta_id: number;
  fecha: string;
  producto_id: number;
  cliente_id: number;
  ciudad_id: number;
  cantidad: number;
  precio_unitario: number;
}

export interface VentasContext {
  numberOptions: NumberOptions;
  asOf: string;
  products: IdLookup;
  /** City id of each loaded client. */
  clientCity: IdMapLookup;
  unknownCityId: number;
  seen: IdLookup;
}

function saleValues(venta_id: number, fecha: string, producto_id: number, cliente_id: number, cantidad: number, precio_unitario: number) {
  return { venta_id, fecha, producto_id, cliente_id, cantidad, precio_unitario };
}

export function cleanVenta(
  get: (column: 'venta_id' | 'fecha' | 'producto_id' | 'cliente_id' | 'cantidad' | 'precio_unitario') => string,
  ctx: VentasContext,
): RowOutcome<CleanVenta> {
  const p = new FieldProblems();
  const id = p.take('venta_id', parseId(get('venta_id')));
  const fecha = p.take('fecha', parseDate(get('fecha')));
  const producto = p.take('producto_id', parseId(get('producto_id')));
  const cliente = p.take('cliente_id', parseId(get('cliente_id')));
  const cantidad = p.take('cantidad', parseWholeNumber(get('cantidad'), ctx.numberOptions));
  const precio = p.take('precio_unitario', parseDecimal(get('precio_unitario'), ctx.numberOptions));
  if (p.rejection) return p.rejection;
  // No closure for the rejection values: one per row costs 15% of the cleaning (measured on 1M rows).
  if (cantidad! < 0)
    return reject(
      'negative_quantity',
      'cantidad',
      `cantidad: negative quantity ${cantidad}`,
      saleValues(id!, fecha!, producto!, cliente!, cantidad!, precio!),
    );
  if (precio! < 0)
    return reject(
      'negative_price',
      'precio_unitario',
      `precio_unitario: negative price ${precio}`,
      saleValues(id!, fecha!, producto!, cliente!, cantidad!, precio!),
    );
  if (!ctx.products.has(producto!)) {
    return reject(
      'unknown_product',
      'producto_id',
      `producto_id: product ${producto} is not among the loaded products`,
      saleValues(id!, fecha!, producto!, cliente!, cantidad!, precio!),
    );
  }
  if (ctx.seen.has(id!))
    return reject(
      'duplicate_id',
      'venta_id',
      `venta_id: ${id} already loaded from an earlier line`,
      saleValues(id!, fecha!, producto!, cliente!, cantidad!, precio!),
    );
  ctx.seen.add(id!);

  const findings: FindingCode[] = [];
  if (cantidad === 0) findings.push('zero_quantity');
  if (fecha! > ctx.asOf) findings.push('future_date');
  let ciudad = ctx.clientCity.get(cliente!);
  if (ciudad === undefined) {
    findings.push('unknown_client');
    ciudad = ctx.unknownCityId;
  }
  return {
    ok: true,
    row: {
      venta_id: id!,
      fecha: fecha!,
      producto_id: producto!,
      cliente_id: cliente!,
      ciudad_id: ciudad,
      cantidad: cantidad!,
      precio_unitario: precio!,
    },
    findings,
  };
}
