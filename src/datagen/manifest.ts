// manifest.json: the expected outcome of loading the generated set, shaped like the ETL's own
// report so tests can compare the two with `toEqual`.
import { writeFile } from 'node:fs/promises';
import type { FileKey } from './codes.ts';
import type { CsvFormat } from './csv-writer.ts';
import type { Catalog } from './products.ts';
import type { ShapeName } from './shapes.ts';
import type { FileEntry } from './tally.ts';

export interface Manifest {
  /** `shape` only for a shaped set (`--shape`); the bundled set's manifest has none. */
  generator: { shape?: ShapeName; seed: number; sales: number; inventory: number };
  asOf: string;
  files: Record<FileKey, FileEntry>;
  formats: Record<FileKey, CsvFormat>;
  /** Sum of `cantidad` of loaded sales per canonical category; every loaded category, 0 if unsold. */
  categorySummary: Record<string, number>;
  /** Valid product ids that sales or stock rows reference but productos.csv did not load. */
  missingProductIds: number[];
}

export function categorySummary(catalog: Catalog, unitsByProduct: ReadonlyMap<number, number>): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const name of catalog.categories) summary[name] = 0;
  for (const [id, units] of unitsByProduct) {
    const name = catalog.categoryOf.get(id);
    if (name === undefined) throw new Error(`product ${id} is not loaded`);
    summary[name] = (summary[name] ?? 0) + units;
  }
  return summary;
}

export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
}
