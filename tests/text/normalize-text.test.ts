import { describe, expect, it } from 'vitest';
import { normalizeHeader, normalizeKey } from '../../src/text/normalize-text.ts';

describe('normalizeKey', () => {
  it.each([
    [' Electrónicos ', 'electronicos'],
    ['electronicos', 'electronicos'],
    ['ELECTRÓNICOS', 'electronicos'],
    ['Electronicos', 'electronicos'],
    ['Bogotá', 'bogota'],
    ['BOGOTÁ', 'bogota'],
    ['  bogota\t', 'bogota'],
    ['España', 'espana'],
    ['Cañón', 'canon'],
    ['Ciudad  de   México', 'ciudad de mexico'],
    ['San\tJosé', 'san jose'],
    ['Almacén\u00a0Norte', 'almacen norte'],
    ['Ärger Über Öl', 'arger uber ol'],
    ['Electro\u0301nicos', 'electronicos'],
    ['hogar y jardín', 'hogar y jardin'],
    ['', ''],
    ['   ', ''],
  ])('keys %j as %j', (text, key) => {
    expect(normalizeKey(text)).toBe(key);
  });

  it.each([
    ['Electrónicos', ' electronicos', 'ELECTRONICOS '],
    ['Bogotá', 'bogota', 'BOGOTA'],
    ['Ciudad de México', 'ciudad  de mexico', ' CIUDAD DE MÉXICO '],
  ])('gives variants that differ only in case, accents or spaces the same key: %j', (...variants) => {
    expect(new Set(variants.map(normalizeKey)).size).toBe(1);
  });

  it('keeps distinct values apart', () => {
    expect(normalizeKey('Hogar')).not.toBe(normalizeKey('Hogar y jardín'));
    expect(normalizeKey('Norte 1')).not.toBe(normalizeKey('Norte 2'));
  });

  it('removes accents beyond Latin too', () => {
    expect(normalizeKey('Ελληνικά')).toBe('ελληνικα');
  });
});

describe('normalizeHeader', () => {
  it.each([
    ['producto_id', 'producto_id'],
    ['Producto ID', 'producto_id'],
    ['producto-id', 'producto_id'],
    ['PRODUCTO_ID', 'producto_id'],
    ['  Producto   ID  ', 'producto_id'],
    ['producto - id', 'producto_id'],
    ['producto _id', 'producto_id'],
    ['Categoría', 'categoria'],
    ['CATEGORÍA', 'categoria'],
    ['Fécha ', 'fecha'],
    ['Almacén', 'almacen'],
    ['Precio Unitario', 'precio_unitario'],
    ['\uFEFFventa_id', 'venta_id'],
    ['', ''],
  ])('normalises the header %j to %j', (text, header) => {
    expect(normalizeHeader(text)).toBe(header);
  });
});
