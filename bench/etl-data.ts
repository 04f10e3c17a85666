// The data sets bench:etl measures, generated once and cached under bench/.cache/ (git-ignored):
// a shape in bench/.cache/<shape> (where `npm run generate-data -- --shape X` writes it too), or
// the bundled set's generator at N sales in bench/.cache/sales-N. A cached set is reused only when
// its manifest says it was generated with the same parameters.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_INVENTORY, DEFAULT_SEED, generateData } from '../src/datagen/generate.ts';
import type { Manifest } from '../src/datagen/manifest.ts';
import { shapeDir } from '../src/datagen/shape-dir.ts';
import { scaledSizes, SHAPES, type ShapeName } from '../src/datagen/shapes.ts';

export type DataSetSpec = { shape: ShapeName; scale: number } | { sales: number };

export interface DataSet {
  label: string;
  summary: string;
  dir: string;
  manifest: Manifest;
  /** Seconds spent generating it in this run, or null when it came from the cache. */
  generatedIn: number | null;
}

/** The seed of the `--sales N` sets: kept from the earlier benchmarks so their figures compare. */
const SALES_SEED = 7;

export async function dataSet(spec: DataSetSpec): Promise<DataSet> {
  const shaped = 'shape' in spec;
  const dir = resolve(shaped ? shapeDir(spec.shape, spec.scale) : `bench/.cache/sales-${spec.sales}`);
  const generator = shaped
    ? { shape: spec.shape, seed: DEFAULT_SEED, ...scaledSizes(SHAPES[spec.shape], spec.scale) }
    : { seed: SALES_SEED, sales: spec.sales, inventory: DEFAULT_INVENTORY };
  const label = shaped ? `${spec.shape}${spec.scale === 1 ? '' : ` x${spec.scale}`}` : `sales ${spec.sales.toLocaleString('en')}`;
  const summary = shaped ? SHAPES[spec.shape].summary : `the bundled set's generator at ${spec.sales.toLocaleString('en')} sales`;

  const manifestPath = `${dir}/manifest.json`;
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (isDeepStrictEqual(manifest.generator, generator)) return { label, summary, dir, manifest, generatedIn: null };
  }
  console.error(`generating ${label} into ${dir} ...`);
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const manifest = await generateData({ out: dir, ...generator, ...(shaped ? { scale: spec.scale } : {}) });
  return { label, summary, dir, manifest, generatedIn: (performance.now() - started) / 1000 };
}
