import { describe, expect, it } from 'vitest';
import { cleanCliente } from '../../src/etl/clean-clientes.ts';
import { cleanProducto } from '../../src/etl/clean-productos.ts';
import { IdSet } from '../../src/etl/id-set.ts';
import { CanonicalNames } from '../../src/etl/canonical-names.ts';

const producto = { producto_id: 'P001', nombre: ' Cámara ', categoria: ' Electrónicos ', precio: '€ 1.234,50' };
const cliente = {
  cliente_id: 'cli007',
  nombre: 'Pérez, Juan',
  email: ' Juan@Example.COM ',
  ciudad: ' bogotá ',
  fecha_registro: '15 marzo 2024',
};

describe('cleanProducto', () => {
  it('normalizes the id, trims text and parses the price', () => {
    const r = cleanProducto((c) => producto[c], { numberOptions: { loneSeparator: 'auto' }, seen: new IdSet() });
    expect(r).toEqual({
      ok: true,
      row: { producto_id: 1, nombre: 'Cámara', categoria: 'Electrónicos', categoriaKey: 'electronicos', precio: 1234.5 },
      findings: [],
    });
  });

  it.each([
    [{ precio: '-5' }, 'negative_price'],
    [{ precio: '(5)' }, 'invalid_number'],
    [{ categoria: '  ' }, 'missing_value'],
    [{ producto_id: 'P2024-001' }, 'invalid_id'],
  ])('quarantines %j as %s', (row, reason) => {
    const r = cleanProducto((c) => ({ ...producto, ...row })[c], { numberOptions: { loneSeparator: 'auto' }, seen: new IdSet() });
    expect(r).toMatchObject({ ok: false, reason });
  });
});

describe('cleanCliente', () => {
  it('lower-cases the e-mail and keeps the city spelling with its key', () => {
    const r = cleanCliente((c) => cliente[c], { seen: new IdSet() });
    expect(r).toMatchObject({
      ok: true,
      row: { cliente_id: 7, email: 'juan@example.com', ciudad: 'bogotá', ciudadKey: 'bogota', fecha_registro: '2024-03-15' },
    });
  });

  it('quarantines a client without e-mail as missing_value', () => {
    expect(cleanCliente((c) => ({ ...cliente, email: '' })[c], { seen: new IdSet() })).toMatchObject({
      ok: false,
      reason: 'missing_value',
      field: 'email',
    });
  });

  it('does not treat a future registration date as a problem', () => {
    expect(cleanCliente((c) => ({ ...cliente, fecha_registro: '2099-01-01' })[c], { seen: new IdSet() })).toMatchObject({
      ok: true,
      findings: [],
    });
  });
});

describe('CanonicalNames', () => {
  it('names each key by its most frequent spelling, the first seen on a tie, with ids in order of appearance', () => {
    const names = new CanonicalNames();
    for (const [key, spelling] of [
      ['ropa', 'ropa'],
      ['electronicos', 'Electronicos'],
      ['ropa', 'Ropa'],
      ['electronicos', 'electrónicos'],
      ['electronicos', 'Electronicos'],
    ])
      expect(names.add(key!, spelling!)).toBe(key === 'ropa' ? 1 : 2);
    expect([...names.names()]).toEqual([
      { id: 1, name: 'ropa' },
      { id: 2, name: 'Electronicos' },
    ]);
  });

  it('keeps the first spelling on a tie with a later one, and a later one that overtakes it', () => {
    const names = new CanonicalNames();
    for (const spelling of ['sur', 'Sur', 'SUR', 'Sur', 'sur']) names.add('sur', spelling);
    for (const spelling of ['norte', 'Norte', 'Norte']) names.add('norte', spelling);
    expect([...names.names()]).toEqual([
      { id: 1, name: 'sur' },
      { id: 2, name: 'Norte' },
    ]);
    expect([...names.renamed()]).toEqual([{ id: 2, name: 'Norte' }]);
  });

  it("fixes an id at its key's first appearance, and lists the keys whose name is not their first spelling", () => {
    const names = new CanonicalNames();
    expect(names.size).toBe(0);
    expect(names.add('madrid', ' madrid ')).toBe(1);
    expect(names.add('sevilla', 'Sevilla')).toBe(2);
    expect(names.add('madrid', 'Madrid')).toBe(1);
    expect(names.add('madrid', 'Madrid')).toBe(1);
    expect([...names.renamed()]).toEqual([{ id: 1, name: 'Madrid' }]);
    expect([...names.names()]).toEqual([
      { id: 1, name: 'Madrid' },
      { id: 2, name: 'Sevilla' },
    ]);
    expect(names.size).toBe(2);
  });
});

describe('IdSet', () => {
  it('holds dense and huge ids alike', () => {
    const ids = new IdSet();
    for (const id of [1, 31, 32, 100_000, 2 ** 40]) ids.add(id);
    expect([1, 31, 32, 100_000, 2 ** 40].every((id) => ids.has(id))).toBe(true);
    expect([2, 33, 99_999, 2 ** 40 + 1].some((id) => ids.has(id))).toBe(false);
  });
});
