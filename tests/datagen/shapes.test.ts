// The data-set shapes (`--shape A|B|C|D`), read as a specification: each, scaled down, is what its
// summary promises, and its manifest stays the exact ground truth: the real load reports exactly
// the manifest's counts and quarantines exactly the rows expected-quarantine.csv lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateData } from '../../src/datagen/generate.ts';
import type { Manifest } from '../../src/datagen/manifest.ts';
import { SHAPES, type ShapeName } from '../../src/datagen/shapes.ts';
import { spellingKey } from '../../src/datagen/spellings.ts';
import { runLoad } from '../../src/etl/load.ts';
import { unitsByCategory } from '../../src/queries/sales-summary.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs('shapes-test-');
const DATA_FILES = ['productos.csv', 'clientes.csv', 'ventas.csv', 'inventario.csv'];

/** Small enough for a test, large enough for each shape's runs and ratios to show. */
const SCALES: Record<ShapeName, number> = { A: 0.01, B: 0.01, C: 0.02, D: 0.001 };

const sets = new Map<ShapeName, { dir: string; manifest: Manifest }>();
async function shaped(name: ShapeName): Promise<{ dir: string; manifest: Manifest }> {
  let set = sets.get(name);
  if (!set) {
    const dir = newDir();
    set = { dir, manifest: await generateData({ out: dir, shape: name, scale: SCALES[name], seed: 5 }) };
    sets.set(name, set);
  }
  return set;
}

const share = (f: { read: number }, n: number | undefined) => (n ?? 0) / f.read;

function expectedQuarantine(dir: string): string[] {
  return readFileSync(join(dir, 'expected-quarantine.csv'), 'utf8').trim().split('\n').slice(1).sort();
}

/** The longest stretch of identical consecutive non-blank lines of a file. */
function longestCopyRun(path: string, lineEnding: string): number {
  let best = 0;
  let run = 0;
  let previous = '';
  for (const line of readFileSync(path, 'latin1').split(lineEnding)) {
    if (line === '') continue;
    run = line === previous ? run + 1 : 1;
    previous = line;
    best = Math.max(best, run);
  }
  return best;
}

describe('the shapes, scaled down', () => {
  it.each(Object.keys(SHAPES) as ShapeName[])(
    'shape %s: sizes scale, the manifest names the shape, and every row is accounted for',
    async (name) => {
      const { manifest } = await shaped(name);
      const { sales, inventory } = SHAPES[name];
      expect(manifest.generator).toEqual({
        shape: name,
        seed: 5,
        sales: Math.round(sales * SCALES[name]),
        inventory: Math.round(inventory * SCALES[name]),
      });
      for (const [key, f] of Object.entries(manifest.files)) {
        expect(f.loaded + f.quarantined, key).toBe(f.read);
        expect(
          Object.values(f.reasons).reduce((a, b) => a + b, 0),
          key,
        ).toBe(f.quarantined);
      }
      expect(manifest.files.ventas.read).toBe(manifest.generator.sales);
      expect(manifest.files.inventario.read).toBe(manifest.generator.inventory);
    },
  );

  it('A is the default generator at 1M sales and 5k stock rows: the same bytes for the same sizes', async () => {
    const { dir, manifest } = await shaped('A');
    const plain = newDir();
    await generateData({ out: plain, seed: 5, sales: manifest.generator.sales, inventory: manifest.generator.inventory });
    for (const name of [...DATA_FILES, 'expected-quarantine.csv'])
      expect(readFileSync(join(dir, name)).equals(readFileSync(join(plain, name))), name).toBe(true);
    expect(SHAPES.A).toMatchObject({ sales: 1_000_000, inventory: 5_000 });
  });

  it('B has as many stock rows as sales, about 5% of them quarantined, in a semicolon Windows-1252 CRLF export', async () => {
    const { dir, manifest } = await shaped('B');
    const { ventas, inventario } = manifest.files;
    expect(inventario.read).toBe(ventas.read);
    expect(share(inventario, inventario.quarantined)).toBeGreaterThan(0.03);
    expect(share(inventario, inventario.quarantined)).toBeLessThan(0.08);
    expect(Object.keys(inventario.reasons)).toHaveLength(7);
    expect(manifest.formats.inventario).toEqual({ encoding: 'windows-1252', delimiter: ';', lineEnding: '\r\n', bom: false });
    const bytes = readFileSync(join(dir, 'inventario.csv'));
    expect(bytes.subarray(0, bytes.indexOf('\n') + 1).toString('latin1')).toBe('Fecha;Producto ID;Almac\xe9n;observaciones;Stock\r\n');
  });

  it('C quarantines at least half the sales, for many reasons, with long runs of one copied row', async () => {
    const { dir, manifest } = await shaped('C');
    const { ventas } = manifest.files;
    expect(share(ventas, ventas.quarantined)).toBeGreaterThanOrEqual(0.5);
    expect(Object.keys(ventas.reasons)).toHaveLength(9);
    // No reason dominates: the mix is spread.
    for (const n of Object.values(ventas.reasons)) expect(n / ventas.quarantined).toBeLessThan(0.35);
    expect(longestCopyRun(join(dir, 'ventas.csv'), '\r\n')).toBeGreaterThanOrEqual(20);
    expect(manifest.missingProductIds.length).toBeGreaterThan(10);
  });

  it('C re-sends the same (fecha, producto_id, almacen): at least 90% of stock rows are duplicate_id', async () => {
    const { manifest } = await shaped('C');
    const { inventario } = manifest.files;
    expect(share(inventario, inventario.reasons.duplicate_id)).toBeGreaterThanOrEqual(0.9);
    expect(inventario.loaded).toBeGreaterThan(0);
  });

  it('D has ten times the sales of A at the same scale, and the same stock file as A', async () => {
    const [a, d] = [await shaped('A'), await shaped('D')];
    expect(SHAPES.D.sales).toBe(10 * SHAPES.A.sales);
    expect(SHAPES.D.inventory).toBe(SHAPES.A.inventory);
    const sameSizeA = newDir();
    await generateData({ out: sameSizeA, shape: 'A', seed: 5, scale: SCALES.D });
    expect(readFileSync(join(d.dir, 'inventario.csv')).equals(readFileSync(join(sameSizeA, 'inventario.csv')))).toBe(true);
    const dirt = share(d.manifest.files.ventas, d.manifest.files.ventas.quarantined);
    expect(dirt).toBeGreaterThan(0.005);
    expect(dirt).toBeLessThan(share(a.manifest.files.ventas, a.manifest.files.ventas.quarantined));
  });

  it('explicit sizes override the shape, and the same seed gives the same bytes', async () => {
    const [x, y] = [newDir(), newDir()];
    const m = await generateData({ out: x, shape: 'C', sales: 700, inventory: 300, seed: 9 });
    await generateData({ out: y, shape: 'C', sales: 700, inventory: 300, seed: 9 });
    expect(m.generator).toEqual({ shape: 'C', seed: 9, sales: 700, inventory: 300 });
    for (const name of DATA_FILES) expect(readFileSync(join(x, name)).equals(readFileSync(join(y, name))), name).toBe(true);
  });

  it('rejects an unknown shape, a scale without a shape, and a scale that is not positive', async () => {
    await expect(generateData({ out: newDir(), shape: 'E' as ShapeName })).rejects.toThrow(RangeError);
    await expect(generateData({ out: newDir(), scale: 0.5 })).rejects.toThrow(RangeError);
    await expect(generateData({ out: newDir(), shape: 'A', scale: 0 })).rejects.toThrow(RangeError);
  });
});

describe.each(DIALECTS)('the load of each shape on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it.each(Object.keys(SHAPES) as ShapeName[])(
    'shape %s: reports exactly the manifest and quarantines exactly the expected rows',
    async (name) => {
      const { dir, manifest } = await shaped(name);
      const { db } = await newDb();
      const result = await runLoad(db, { dataDir: dir, asOf: manifest.asOf });
      expect(result.status).toBe('ok');
      if (result.status !== 'ok') return;
      expect(result.files).toEqual(manifest.files);
      expect(await unitsByCategory(db)).toEqual(manifest.categorySummary);
      const quarantined = await db.selectFrom('cuarentena').select(['archivo', 'linea', 'razon']).execute();
      expect(quarantined.map((q) => `${q.archivo},${q.linea},${q.razon}`).sort()).toEqual(expectedQuarantine(dir));
    },
  );

  it("B's loaded stock is one snapshot per day: every product in every warehouse, each key once", async () => {
    const { dir, manifest } = await shaped('B');
    const { db } = await newDb();
    await runLoad(db, { dataDir: dir, asOf: manifest.asOf });
    const products = manifest.files.productos.loaded;
    const warehouses = SHAPES.B.inventoryProfile.warehouses.length;
    const rows = await db.selectFrom('inventario').select(['fecha', 'producto_id', 'almacen']).where('fecha', '<=', '2024-12-31').execute();
    // Warehouses are stored as spelled; the key compares them as the contract does (case, accents, spaces).
    const keysByDay = new Map<string, Set<string>>();
    const warehouseKeys = new Set<string>();
    for (const r of rows) {
      const keys = keysByDay.get(r.fecha) ?? keysByDay.set(r.fecha, new Set()).get(r.fecha)!;
      keys.add(`${r.producto_id}|${spellingKey(r.almacen)}`);
      warehouseKeys.add(spellingKey(r.almacen));
    }
    expect([...keysByDay.values()].reduce((n, keys) => n + keys.size, 0)).toBe(rows.length); // each key once
    expect(warehouseKeys.size).toBe(warehouses);
    const days = [...keysByDay].sort(([a], [b]) => a.localeCompare(b));
    expect(days.length).toBeGreaterThan(2);
    // Every day inside the range has every product in every warehouse. The file ends part-way through
    // the last day, and the opening showcase moves two of the first day's keys to 2099 (future_date).
    for (const [day, keys] of days.slice(1, -1)) expect([day, keys.size]).toEqual([day, products * warehouses]);
    expect(days[0]![1].size).toBeGreaterThanOrEqual(products * warehouses - 2);
  });
});
