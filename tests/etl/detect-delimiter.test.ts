import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../src/etl/detect-delimiter.ts';

describe('detectDelimiter', () => {
  it.each([
    ['venta_id,fecha,producto_id', ','],
    ['producto_id;nombre;categoria;precio', ';'],
    ['fecha\tproducto_id\talmacen\tstock', '\t'],
  ])('detects the delimiter of %j', (header, expected) => {
    expect(detectDelimiter(header)).toBe(expected);
  });

  it('ignores delimiters inside quoted header names', () => {
    expect(detectDelimiter('"a,b,c";"d";"e"')).toBe(';');
  });

  it('defaults to comma for a single-column header', () => {
    expect(detectDelimiter('producto_id')).toBe(',');
  });
});
