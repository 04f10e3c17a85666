import { describe, expect, it } from 'vitest';
import { matchHeaders } from '../../src/etl/match-headers.ts';

const required = ['venta_id', 'fecha', 'producto_id'] as const;

describe('matchHeaders', () => {
  it('matches headers ignoring case, accents, surrounding spaces and order', () => {
    const m = matchHeaders([' PRODUCTO_ID', 'Fécha ', 'Venta_ID'], required);
    expect(m.positions).toEqual({ producto_id: 0, fecha: 1, venta_id: 2 });
    expect(m.missing).toEqual([]);
    expect(m.ignored).toEqual([]);
  });

  it('accepts inner spaces and hyphens for underscores', () => {
    expect(matchHeaders(['Venta ID', 'fecha', 'producto-id'], required).missing).toEqual([]);
  });

  it('reports extra and unnamed columns as ignored', () => {
    const m = matchHeaders(['venta_id', 'fecha', 'observaciones', 'producto_id', ''], required);
    expect(m.ignored).toEqual(['observaciones', '(column 5)']);
  });

  it('uses the first of two headers naming the same column', () => {
    const m = matchHeaders(['venta_id', 'Venta_Id', 'fecha', 'producto_id'], required);
    expect(m.positions.venta_id).toBe(0);
    expect(m.ignored).toEqual(['Venta_Id']);
  });

  it('lists missing columns in the contract order', () => {
    expect(matchHeaders(['fecha'], required).missing).toEqual(['venta_id', 'producto_id']);
  });
});
