// Writes the whole dirty data set (four CSVs, the expected quarantine and the manifest) into one
// folder. Files are generated in load order so expected-quarantine.csv comes out in file order.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENTES_FORMAT, CLIENTES_IGNORED_COLUMNS, writeClients } from './clients.ts';
import { AS_OF, FILE_NAMES } from './codes.ts';
import { ExpectedQuarantine } from './expected-quarantine.ts';
import { INVENTARIO_FORMAT, INVENTARIO_IGNORED_COLUMNS, writeInventory } from './inventory.ts';
import { categorySummary, type Manifest, writeManifest } from './manifest.ts';
import { PRODUCTOS_FORMAT, writeProducts } from './products.ts';
import { deriveSeed } from './random.ts';
import { VENTAS_FORMAT, writeSales } from './sales.ts';

export const DEFAULT_SALES = 5500;
export const DEFAULT_INVENTORY = 5000;
export const DEFAULT_SEED = 42;

export interface GenerateOptions {
  out: string;
  sales?: number;
  inventory?: number;
  seed?: number;
  /** Rows written so far of the file being generated. */
  onProgress?: (file: 'ventas' | 'inventario', done: number, total: number) => void;
}

function checkCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
  return value;
}

export async function generateData(options: GenerateOptions): Promise<Manifest> {
  const sales = checkCount('sales', options.sales ?? DEFAULT_SALES);
  const inventory = checkCount('inventory', options.inventory ?? DEFAULT_INVENTORY);
  const seed = checkCount('seed', options.seed ?? DEFAULT_SEED);
  const { out, onProgress } = options;
  await mkdir(out, { recursive: true });

  const quarantine = new ExpectedQuarantine(join(out, 'expected-quarantine.csv'));
  const productos = await writeProducts(join(out, FILE_NAMES.productos), quarantine);
  const clientes = await writeClients(join(out, FILE_NAMES.clientes), quarantine);
  const ventas = await writeSales({
    path: join(out, FILE_NAMES.ventas),
    count: sales,
    seed: deriveSeed(seed, 'ventas'),
    catalog: productos.catalog,
    clientIds: clientes.ids,
    quarantine,
    onProgress: onProgress && ((done) => onProgress('ventas', done, sales)),
  });
  const inventario = await writeInventory({
    path: join(out, FILE_NAMES.inventario),
    count: inventory,
    seed: deriveSeed(seed, 'inventario'),
    catalog: productos.catalog,
    quarantine,
    onProgress: onProgress && ((done) => onProgress('inventario', done, inventory)),
  });
  await quarantine.close();

  const manifest: Manifest = {
    generator: { seed, sales, inventory },
    asOf: AS_OF,
    files: {
      productos: productos.tally.entry(),
      clientes: clientes.tally.entry(CLIENTES_IGNORED_COLUMNS),
      ventas: ventas.tally.entry(),
      inventario: inventario.tally.entry(INVENTARIO_IGNORED_COLUMNS),
    },
    formats: { productos: PRODUCTOS_FORMAT, clientes: CLIENTES_FORMAT, ventas: VENTAS_FORMAT, inventario: INVENTARIO_FORMAT },
    categorySummary: categorySummary(productos.catalog, ventas.unitsByProduct),
    missingProductIds: [...new Set([...ventas.unknownProductIds, ...inventario.unknownProductIds])].sort((a, b) => a - b),
  };
  await writeManifest(join(out, 'manifest.json'), manifest);
  return manifest;
}
