// Writes the whole dirty data set (four CSVs, the expected quarantine and the manifest) into one
// folder. Files are generated in load order so expected-quarantine.csv comes out in file order.
// Without a shape it is the bundled set's generator; with one, the shape's sizes (times `scale`),
// catalogue and profiles (shapes.ts).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENTES_FORMAT, CLIENTES_IGNORED_COLUMNS, writeClients } from './clients.ts';
import { AS_OF, FILE_NAMES } from './codes.ts';
import { ExpectedQuarantine } from './expected-quarantine.ts';
import { INVENTARIO_IGNORED_COLUMNS, writeInventory } from './inventory.ts';
import { categorySummary, type Manifest, writeManifest } from './manifest.ts';
import { PRODUCTOS_FORMAT, writeProducts } from './products.ts';
import { DEFAULT_INVENTORY_PROFILE, DEFAULT_SALES_PROFILE } from './profiles.ts';
import { deriveSeed } from './random.ts';
import { writeSales } from './sales.ts';
import { scaledSizes, SHAPES, type ShapeName } from './shapes.ts';

export const DEFAULT_SALES = 5500;
export const DEFAULT_INVENTORY = 5000;
export const DEFAULT_SEED = 42;

export interface GenerateOptions {
  out: string;
  /** Row counts; with a shape they override its (scaled) sizes. */
  sales?: number;
  inventory?: number;
  seed?: number;
  shape?: ShapeName;
  /** Multiplies the shape's row counts (needs `shape`). */
  scale?: number;
  /** Rows written so far of the file being generated. */
  onProgress?: (file: 'ventas' | 'inventario', done: number, total: number) => void;
}

function checkCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
  return value;
}

export async function generateData(options: GenerateOptions): Promise<Manifest> {
  const shape = options.shape === undefined ? null : SHAPES[options.shape];
  if (options.shape !== undefined && !shape) throw new RangeError(`unknown shape ${JSON.stringify(options.shape)}`);
  if (options.scale !== undefined && !shape) throw new RangeError('scale applies to a shape');
  const sizes = shape ? scaledSizes(shape, options.scale) : { sales: DEFAULT_SALES, inventory: DEFAULT_INVENTORY };
  const sales = checkCount('sales', options.sales ?? sizes.sales);
  const inventory = checkCount('inventory', options.inventory ?? sizes.inventory);
  const seed = checkCount('seed', options.seed ?? DEFAULT_SEED);
  const salesProfile = shape?.salesProfile ?? DEFAULT_SALES_PROFILE;
  const inventoryProfile = shape?.inventoryProfile ?? DEFAULT_INVENTORY_PROFILE;
  const { out, onProgress } = options;
  await mkdir(out, { recursive: true });

  const quarantine = new ExpectedQuarantine(join(out, 'expected-quarantine.csv'));
  const productos = await writeProducts(join(out, FILE_NAMES.productos), quarantine, shape?.extraProducts ?? 0);
  const clientes = await writeClients(join(out, FILE_NAMES.clientes), quarantine);
  const ventas = await writeSales({
    path: join(out, FILE_NAMES.ventas),
    count: sales,
    seed: deriveSeed(seed, 'ventas'),
    profile: salesProfile,
    catalog: productos.catalog,
    clientIds: clientes.ids,
    quarantine,
    onProgress: onProgress && ((done) => onProgress('ventas', done, sales)),
  });
  const inventario = await writeInventory({
    path: join(out, FILE_NAMES.inventario),
    count: inventory,
    seed: deriveSeed(seed, 'inventario'),
    profile: inventoryProfile,
    catalog: productos.catalog,
    quarantine,
    onProgress: onProgress && ((done) => onProgress('inventario', done, inventory)),
  });
  await quarantine.close();

  const manifest: Manifest = {
    generator: shape ? { shape: shape.name, seed, sales, inventory } : { seed, sales, inventory },
    asOf: AS_OF,
    files: {
      productos: productos.tally.entry(),
      clientes: clientes.tally.entry(CLIENTES_IGNORED_COLUMNS),
      ventas: ventas.tally.entry(),
      inventario: inventario.tally.entry(INVENTARIO_IGNORED_COLUMNS),
    },
    formats: { productos: PRODUCTOS_FORMAT, clientes: CLIENTES_FORMAT, ventas: salesProfile.format, inventario: inventoryProfile.format },
    categorySummary: categorySummary(productos.catalog, ventas.unitsByProduct),
    missingProductIds: [...new Set([...ventas.unknownProductIds, ...inventario.unknownProductIds])].sort((a, b) => a - b),
  };
  await writeManifest(join(out, 'manifest.json'), manifest);
  return manifest;
}
