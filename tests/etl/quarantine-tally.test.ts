import { describe, expect, it } from 'vitest';
import { LISTED_PRODUCT_IDS, QuarantineTally } from '../../src/etl/quarantine-tally.ts';

describe('QuarantineTally', () => {
  it('sums units and revenue of the rows whose quantity and price parsed', () => {
    const t = new QuarantineTally();
    t.add('duplicate_id', { cantidad: 2, precio_unitario: 10.5 });
    t.add('duplicate_id', { cantidad: 1, precio_unitario: 3 });
    t.add('duplicate_id', undefined);
    t.add('malformed_row', undefined);
    expect(t.toJSON()).toEqual({
      duplicate_id: { rows: 3, units: 3, revenue: 24, productIds: null, distinctProducts: null },
      malformed_row: { rows: 1, units: null, revenue: null, productIds: null, distinctProducts: null },
    });
  });

  it('lists the smallest distinct unknown products, at most 100, and counts them all', () => {
    const t = new QuarantineTally();
    const ids = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 2500) + 1); // each id twice, shuffled
    for (const id of ids) t.add('unknown_product', { producto_id: id });
    const tally = t.toJSON().unknown_product!;
    expect(tally.rows).toBe(5000);
    expect(tally.distinctProducts).toBe(2500);
    expect(tally.productIds).toEqual(Array.from({ length: LISTED_PRODUCT_IDS }, (_, i) => i + 1));
  });
});
