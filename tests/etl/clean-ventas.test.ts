import { describe, expect, it } from 'vitest';
import { cleanVenta, type VentasContext } from '../../src/etl/clean-ventas.ts';
import { IdSet } from '../../src/etl/id-set.ts';

type Row = Record<'venta_id' | 'fecha' | 'producto_id' | 'cliente_id' | 'cantidad' | 'precio_unitario', string>;
const valid: Row = {
  venta_id: 'V00042',
  fecha: '15/03/2024',
  producto_id: 'prod001',
  cliente_id: 'cli007',
  cantidad: '3',
  precio_unitario: '1.234,56',
};

function context(): VentasContext {
  const products = new IdSet();
  products.add(1);
  return {
    numberOptions: { loneSeparator: 'auto' },
    asOf: '2024-12-31',
    products,
    clientCity: new Map([[7, 3]]),
    unknownCityId: 99,
    seen: new IdSet(),
  };
}
const clean = (row: Partial<Row>, ctx = context()) => cleanVenta((c) => ({ ...valid, ...row })[c], ctx);

describe('cleanVenta', () => {
  it('normalizes every value and enriches the sale with the client city', () => {
    expect(clean({})).toEqual({
      ok: true,
      row: { venta_id: 42, fecha: '2024-03-15', producto_id: 1, cliente_id: 7, ciudad_id: 3, cantidad: 3, precio_unitario: 1234.56 },
      findings: [],
    });
  });

  it.each([
    ['an empty field beats an invalid id in an earlier column', { venta_id: 'abc', cantidad: ' ' }, 'missing_value', 'cantidad'],
    ['an invalid id beats an invalid date in an earlier column', { fecha: '2024-02-30', cliente_id: 'x' }, 'invalid_id', 'cliente_id'],
    ['an invalid date beats an invalid number', { cantidad: '3,5', fecha: 'ayer' }, 'invalid_date', 'fecha'],
    ['a fractional quantity is an invalid number', { cantidad: '3,5' }, 'invalid_number', 'cantidad'],
    ['a negative quantity beats a negative price', { cantidad: '-2', precio_unitario: '-$5' }, 'negative_quantity', 'cantidad'],
    ['a negative price', { precio_unitario: '$-5' }, 'negative_price', 'precio_unitario'],
    ['a product that was not loaded', { producto_id: 'P011' }, 'unknown_product', 'producto_id'],
  ])('quarantines with one reason: %s', (_name, row, reason, field) => {
    expect(clean(row)).toMatchObject({ ok: false, reason, field });
  });

  it('keeps the first occurrence of a sale id and quarantines later ones', () => {
    const ctx = context();
    expect(clean({}, ctx).ok).toBe(true);
    expect(clean({ fecha: '2024-04-01' }, ctx)).toMatchObject({ ok: false, reason: 'duplicate_id', field: 'venta_id' });
  });

  it('lets a quarantined row claim no id', () => {
    const ctx = context();
    expect(clean({ producto_id: '11' }, ctx)).toMatchObject({ reason: 'unknown_product' });
    expect(clean({}, ctx).ok).toBe(true);
  });

  it('reports unknown_product before duplicate_id', () => {
    const ctx = context();
    clean({}, ctx);
    expect(clean({ producto_id: '11' }, ctx)).toMatchObject({ reason: 'unknown_product' });
  });

  it('loads a row with several findings: return, future date and unknown client', () => {
    expect(clean({ cantidad: '0', fecha: '2099-01-01', cliente_id: '21' })).toMatchObject({
      ok: true,
      row: { ciudad_id: 99, cantidad: 0 },
      findings: ['zero_quantity', 'future_date', 'unknown_client'],
    });
  });

  it('does not flag a sale dated on the as-of day as future', () => {
    expect(clean({ fecha: '2024-12-31' })).toMatchObject({ ok: true, findings: [] });
  });
});
