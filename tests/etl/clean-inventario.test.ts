import { describe, expect, it } from 'vitest';
import { cleanInventario, type InventarioContext } from '../../src/etl/clean-inventario.ts';
import { IdSet } from '../../src/etl/id-set.ts';
import { InventoryKeys } from '../../src/etl/inventory-keys.ts';

type Row = Record<'fecha' | 'producto_id' | 'almacen' | 'stock', string>;
const valid: Row = { fecha: '2024-03-15', producto_id: 'PROD-001', almacen: ' Central ', stock: '12' };

function context(): InventarioContext {
  const products = new IdSet();
  products.add(1);
  return { numberOptions: { loneSeparator: 'auto' }, asOf: '2024-12-31', products, seen: new InventoryKeys() };
}
const clean = (row: Partial<Row>, ctx = context()) => cleanInventario((c) => ({ ...valid, ...row })[c], ctx);

describe('cleanInventario', () => {
  it('loads a stock row with the warehouse trimmed', () => {
    expect(clean({})).toEqual({ ok: true, row: { fecha: '2024-03-15', producto_id: 1, almacen: 'Central', stock: 12 }, findings: [] });
  });

  it('flags negative stock and future dates as findings, not quarantine', () => {
    expect(clean({ stock: '-4', fecha: '2099-01-01' })).toMatchObject({ ok: true, findings: ['negative_stock', 'future_date'] });
  });

  it('treats (fecha, producto_id, almacen) as the key, warehouses compared without case or accents', () => {
    const ctx = context();
    expect(clean({ almacen: 'Almacén Norte' }, ctx).ok).toBe(true);
    expect(clean({ almacen: ' almacen norte', stock: '3' }, ctx)).toMatchObject({ ok: false, reason: 'duplicate_id' });
    expect(clean({ almacen: 'Almacén Norte', fecha: '16/03/2024' }, ctx).ok).toBe(true);
  });

  it.each([
    [{ stock: '3,5' }, 'invalid_number'],
    [{ producto_id: '0' }, 'invalid_id'],
    [{ fecha: '15/03/24' }, 'invalid_date'],
    [{ almacen: '' }, 'missing_value'],
    [{ producto_id: '2' }, 'unknown_product'],
  ])('quarantines %j as %s', (row, reason) => {
    expect(clean(row)).toMatchObject({ ok: false, reason });
  });
});
