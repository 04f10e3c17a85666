// The generated data set, read as a specification: its files look like the dirty exports the
// contract describes, and its manifest and expected quarantine agree with each other.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINDING_CODES, REASON_CODES } from '../../src/datagen/codes.ts';
import { generateData } from '../../src/datagen/generate.ts';
import type { Manifest } from '../../src/datagen/manifest.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs('datagen-test-');
const FILES = ['productos.csv', 'clientes.csv', 'ventas.csv', 'inventario.csv', 'manifest.json', 'expected-quarantine.csv'];
const KEYS = ['productos', 'clientes', 'ventas', 'inventario'] as const;

/** Windows-1252 by hand: Node 20.18.3+ decodes 'windows-1252' as Latin-1 (nodejs/node#60888), losing €. */
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
function decodeWindows1252(bytes: Buffer): string {
  let text = '';
  for (const b of bytes) text += b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80] : String.fromCharCode(b);
  return text;
}

function quarantineRows(dir: string): Array<{ archivo: string; linea: number; razon: string }> {
  const [header, ...rows] = readFileSync(join(dir, 'expected-quarantine.csv'), 'utf8').trimEnd().split('\n');
  expect(header).toBe('archivo,linea,razon');
  return rows.map((row) => {
    const [archivo, linea, razon] = row.split(',');
    return { archivo: archivo!, linea: Number(linea), razon: razon! };
  });
}

describe('the default data set (seed 42, 5,500 sales, 5,000 stock rows)', () => {
  let dir = '';
  let manifest: Manifest;
  beforeAll(async () => {
    dir = newDir();
    manifest = await generateData({ out: dir });
  });
  const read = (name: string) => readFileSync(join(dir, name));
  const lines = (name: string) => read(name).toString('utf8').split('\n');

  it('writes the four input files, the manifest and the expected quarantine', () => {
    expect(readdirSync(dir).sort()).toEqual([...FILES].sort());
    expect(JSON.parse(read('manifest.json').toString('utf8'))).toEqual(manifest);
    expect(manifest.generator).toEqual({ seed: 42, sales: 5500, inventory: 5000 });
    expect(manifest.asOf).toBe('2025-01-01');
  });

  it('is the bundled set in data/ (regenerate it with `npm run generate-data` after changing the generator)', () => {
    const bundled = join(import.meta.dirname, '../../data');
    for (const name of FILES) expect(read(name).equals(readFileSync(join(bundled, name))), name).toBe(true);
  });

  it('has every file entry in the shape of the ETL report, with only nonzero codes', () => {
    expect(Object.keys(manifest.files)).toEqual([...KEYS]);
    for (const key of KEYS) {
      const f = manifest.files[key];
      expect(Object.keys(f).sort()).toEqual(
        ['findings', 'loaded', 'quarantined', 'read', 'reasons', ...(f.ignoredColumns ? ['ignoredColumns'] : [])].sort(),
      );
      for (const n of [...Object.values(f.reasons), ...Object.values(f.findings)]) expect(n).toBeGreaterThan(0);
    }
    expect(manifest.files.clientes.ignoredColumns).toEqual(['(column 6)']);
    expect(manifest.files.inventario.ignoredColumns).toEqual(['observaciones']);
    expect(manifest.files.productos.ignoredColumns).toBeUndefined();
    expect(manifest.files.ventas.ignoredColumns).toBeUndefined();
  });

  it('accounts for every row: read = loaded + quarantined, and the reasons add up to the quarantined', () => {
    for (const key of KEYS) {
      const f = manifest.files[key];
      expect(f.loaded + f.quarantined, key).toBe(f.read);
      expect(
        Object.values(f.reasons).reduce((a, b) => a + b, 0),
        key,
      ).toBe(f.quarantined);
    }
    expect(manifest.files.productos).toMatchObject({ loaded: 10 });
    expect(manifest.files.clientes).toMatchObject({ loaded: 20 });
    expect(manifest.files.ventas.read).toBe(5500);
    expect(manifest.files.inventario.read).toBe(5000);
  });

  it('lists in expected-quarantine.csv exactly the rows the manifest counts, in file order', () => {
    const rows = quarantineRows(dir);
    for (const key of KEYS) {
      const counts: Record<string, number> = {};
      for (const r of rows.filter((r) => r.archivo === `${key}.csv`)) counts[r.razon] = (counts[r.razon] ?? 0) + 1;
      expect(counts, key).toEqual(manifest.files[key].reasons);
    }
    const order = rows.map((r) => [KEYS.indexOf(r.archivo.replace('.csv', '') as (typeof KEYS)[number]), r.linea] as const);
    const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(order).toEqual(sorted);
    expect(new Set(rows.map((r) => `${r.archivo}:${r.linea}`)).size).toBe(rows.length);
  });

  it('covers every reason code in ventas, and every finding code somewhere', () => {
    expect(Object.keys(manifest.files.ventas.reasons).sort()).toEqual([...REASON_CODES].sort());
    expect(Object.keys(manifest.files.ventas.findings).sort()).toEqual(['future_date', 'unknown_client', 'zero_quantity']);
    expect(Object.keys(manifest.files.inventario.reasons).sort()).toEqual(
      ['malformed_row', 'missing_value', 'invalid_id', 'invalid_date', 'invalid_number', 'unknown_product', 'duplicate_id'].sort(),
    );
    expect(Object.keys(manifest.files.inventario.findings).sort()).toEqual(['future_date', 'negative_stock']);
    const found = new Set(KEYS.flatMap((k) => Object.keys(manifest.files[k].findings)));
    expect([...found].sort()).toEqual([...FINDING_CODES].sort());
  });

  it('keeps most rows clean: a few percent of sales and stock are quarantined', () => {
    for (const key of ['ventas', 'inventario'] as const) {
      const share = manifest.files[key].quarantined / manifest.files[key].read;
      expect(share, key).toBeGreaterThan(0.01);
      expect(share, key).toBeLessThan(0.08);
    }
  });

  it('expects the four canonical categories and product 11 as the one sales reference but productos never loads', () => {
    expect(Object.keys(manifest.categorySummary)).toEqual(['Electronicos', 'Ropa', 'Accesorios', 'Almacenamiento']);
    for (const units of Object.values(manifest.categorySummary)) expect(units).toBeGreaterThan(0);
    expect(manifest.missingProductIds).toEqual([11]);
  });

  it('writes productos as a Windows-1252 spreadsheet export (`;`, decimal comma, CRLF)', () => {
    const bytes = read('productos.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(bytes.includes(0x80)).toBe(true); // €
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const text = decodeWindows1252(bytes);
    expect(text).not.toMatch(/[^\r]\n/);
    const rows = text.split('\r\n');
    expect(rows.pop()).toBe('');
    expect(rows[0]).toBe('Producto_ID;Nombre;Categoría;Precio');
    expect(text).toContain('Portátil');
    expect(text).toContain(' electrónicos;€59,90');
    expect(text).toContain(';1.234,56');
  });

  it('writes clientes as UTF-8 with a BOM, a trailing comma on every record, and RFC 4180 quoting', () => {
    const bytes = read('clientes.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(text).not.toContain('\r');
    expect(text.split('\n')[0]).toBe('Cliente_ID,Nombre,Email,Ciudad,Fecha_Registro,');
    expect(text).toContain('"Pérez, Juan ""JJ"""');
    expect(text).toContain('"Ana María\nGarcía"');
    expect(text).toContain(',2031-05-20,\n');
  });

  it('writes ventas with shuffled, variant headers and blank lines that still count for line numbers', () => {
    const all = lines('ventas.csv');
    expect(all[0]).toBe('Fecha, Venta_ID,cliente_id,PRODUCTO_ID,Cantidad,Precio Unitario');
    expect(all.pop()).toBe('');
    const blanks = all.flatMap((l, i) => (l === '' ? [i + 1] : []));
    expect(blanks.length).toBeGreaterThan(0);
    expect(blanks.every((n) => n > 2 && n < all.length)).toBe(true);
    expect(all.length - 1 - blanks.length).toBe(5500);
  });

  it('writes inventario tab-delimited with an extra observaciones column', () => {
    const all = lines('inventario.csv');
    expect(all[0]!.split('\t')).toEqual(['Fecha', 'Producto ID', 'Almacén', 'observaciones', 'Stock']);
    expect(all.length - 2).toBe(5000);
  });

  it('points every expected quarantine line at the first line of a record', () => {
    const byFile = Object.fromEntries(['ventas.csv', 'inventario.csv'].map((f) => [f, lines(f)]));
    for (const r of quarantineRows(dir)) {
      if (!(r.archivo in byFile)) continue;
      expect(r.linea).toBeGreaterThan(1);
      expect(byFile[r.archivo]![r.linea - 1], `${r.archivo}:${r.linea}`).not.toBe('');
    }
    // clientes: the two-line record before it pushes the duplicate of cli007 to line 10.
    expect(lines('clientes.csv')[9]).toMatch(/^cli007,Sofía Ramírez Ortiz,/);
    expect(quarantineRows(dir).find((r) => r.archivo === 'clientes.csv' && r.razon === 'duplicate_id')?.linea).toBe(10);
  });

  it('shows each accepted ID, date and number format at least once', () => {
    const text = lines('ventas.csv').join('\n') + decodeWindows1252(read('productos.csv')) + lines('clientes.csv').join('\n');
    const samples = [
      /\bprod0\d\d\b/,
      /\bPROD-0\d\d\b/,
      /\bP0\d\d\b/,
      /,0\d\d,/,
      /, \d+ ,/,
      /\bV\d{5}\b/,
      /\bcli0\d\d\b/,
      /\b2024-\d\d-\d\d,/,
      /\b2024\/\d\d\/\d\d\b/,
      /\b\d\d\/\d\d\/2024\b/,
      /\b\d\d-\d\d-2024\b/,
      /(^|\n)\d\/\d\/2024,/,
      /\b2024\d{4},/,
      /\b2024-\d\d-\d\dT\d\d:\d\d:\d\dZ\b/,
      /\b\d\d-[a-z]{3}-2024\b/,
      /\b\d{1,2} [a-z]+ 2024\b/,
      /"[A-Z][a-z]{2} \d{1,2}, 2024"/,
      /,1234\.56\b/,
      /"1234,56"/,
      /"1\.234,56"/,
      /"1,234\.56"/,
      /"\$ 1,234\.56"/,
      /€12,50/,
      /"1 234,56"/,
      /"3,0"/,
    ];
    for (const pattern of samples) expect(text, String(pattern)).toMatch(pattern);
  });
});

describe('generateData determinism and scaling', () => {
  const small = { sales: 1200, inventory: 800 };

  it('writes byte-identical files for the same seed', async () => {
    const [a, b] = [newDir(), newDir()];
    await generateData({ out: a, seed: 7, ...small });
    await generateData({ out: b, seed: 7, ...small });
    for (const name of FILES) expect(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), name).toBe(true);
  });

  it('writes different sales and stock for a different seed', async () => {
    const [a, b] = [newDir(), newDir()];
    await generateData({ out: a, seed: 7, ...small });
    await generateData({ out: b, seed: 8, ...small });
    for (const name of ['ventas.csv', 'inventario.csv'])
      expect(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), name).toBe(false);
  });

  it('still covers every reason and finding code with only 300 sales and 300 stock rows', async () => {
    const m = await generateData({ out: newDir(), seed: 3, sales: 300, inventory: 300 });
    expect(Object.keys(m.files.ventas.reasons).sort()).toEqual([...REASON_CODES].sort());
    expect(Object.keys(m.files.ventas.findings).sort()).toEqual(['future_date', 'unknown_client', 'zero_quantity']);
    expect(Object.keys(m.files.inventario.reasons)).toHaveLength(7);
    expect(Object.keys(m.files.inventario.findings).sort()).toEqual(['future_date', 'negative_stock']);
  });

  it('scales the dirty rows with N', async () => {
    const m = await generateData({ out: newDir(), seed: 3, sales: 20_000, inventory: 100 });
    expect(m.files.ventas.quarantined).toBeGreaterThan(400);
    expect(m.files.ventas.quarantined).toBeLessThan(1000);
  });

  it('rejects a negative or fractional row count', async () => {
    await expect(generateData({ out: newDir(), sales: -1 })).rejects.toThrow(RangeError);
    await expect(generateData({ out: newDir(), inventory: 2.5 })).rejects.toThrow(RangeError);
  });
});
