// Reads the checks file (config/checks.yml, or CHECKS_FILE / --checks): the I/O edge of the parser.
// Never throws: an unreadable or invalid file comes back with its errors, so a load or a validation run
// goes on with the built-in checks and reports the file as a coded error; no file means no declared checks.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseChecks } from './parse-checks.ts';
import type { ChecksFile } from './types.ts';

export const DEFAULT_CHECKS_FILE = 'config/checks.yml';
/** Larger files are refused unread. */
const MAX_FILE_BYTES = 1_000_000;

export interface ChecksFileIo {
  exists(path: string): boolean;
  read(path: string): string;
  size(path: string): number;
}

const realIo: ChecksFileIo = {
  exists: existsSync,
  read: (path) => readFileSync(path, 'utf8'),
  size: (path) => readFileSync(path).byteLength,
};

/** The file to read: an explicit one, else CHECKS_FILE, else config/checks.yml. */
export function checksFilePath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit || env.CHECKS_FILE || DEFAULT_CHECKS_FILE;
}

/** How the file is named in messages: relative to the working folder when inside it (no absolute paths). */
function shown(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function readChecksFile(path: string, builtinCodes: readonly string[], io: ChecksFileIo = realIo): ChecksFile {
  const file = shown(path);
  if (!io.exists(path)) return { file, present: false, checks: [], builtins: {}, errors: [] };
  let text: string;
  try {
    if (io.size(path) > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    text = io.read(path);
  } catch (err) {
    return {
      file,
      present: true,
      checks: [],
      builtins: {},
      errors: [{ file, line: 1, column: 1, message: `cannot read the checks file: ${(err as Error).message}` }],
    };
  }
  return parseChecks(text, file, { builtinCodes, fileExists: (p) => io.exists(resolve(p)) });
}
