// The floor bench:etl compares the seed with: the sqlite3 CLI's raw `.import` of every large file
// (ventas.csv and inventario.csv, each into its own table) into one empty database, in one sqlite3
// process timed as one number. No value parsing, no checks, no indexes: what just reading the
// files into a database costs on this machine.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CsvFormat } from '../src/datagen/csv-writer.ts';
import type { Manifest } from '../src/datagen/manifest.ts';
import { type Timed, timed } from './timed.ts';

export const LARGE_FILES = ['ventas', 'inventario'] as const;

/** sqlite3's `.separator` argument for a delimiter (it resolves the backslash escape itself). */
const separator = (d: CsvFormat['delimiter']): string => (d === '\t' ? '"\\t"' : `"${d}"`);

export function rawImport(dataDir: string, manifest: Manifest, database: string): Timed {
  const commands = ['.mode csv'];
  for (const file of LARGE_FILES) {
    commands.push(`.separator ${separator(manifest.formats[file].delimiter)}`, `.import ${join(dataDir, `${file}.csv`)} ${file}_raw`);
  }
  return timed('sqlite3', [database, ...commands]);
}

/** Sizes of the large files, for the table's heading. */
export function largeFileSizes(dataDir: string): string {
  return LARGE_FILES.map((f) => `${f}.csv ${(statSync(join(dataDir, `${f}.csv`)).size / 2 ** 20).toFixed(1)} MiB`).join(', ');
}
