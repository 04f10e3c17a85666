// Pre-flight of one input file: exists, is text (UTF-8 or Windows-1252), has the required columns.
// Runs over every file before the load touches the database, so bad input changes nothing.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { InputError } from './errors.ts';
import { decodeWindows1252 } from './decode-windows-1252.ts';
import { EncodingScanner, type TextEncoding } from './detect-encoding.ts';
import { type Delimiter, detectDelimiter } from './detect-delimiter.ts';
import { FILE_SPECS, type ColumnOf, type FileKey } from './files.ts';
import { matchHeaders } from './match-headers.ts';

export interface FileInspection<K extends FileKey = FileKey> {
  key: K;
  fileName: string;
  path: string;
  sizeBytes: number;
  encoding: TextEncoding;
  bom: boolean;
  delimiter: Delimiter;
  /** Number of cells in the header: every data row must have as many fields. */
  headerCells: number;
  positions: Record<ColumnOf<K>, number>;
  ignoredColumns: string[];
}

const HEADER_PROBE_BYTES = 64 * 1024;

export async function inspectFile<K extends FileKey>(dataDir: string, key: K): Promise<FileInspection<K>> {
  const spec = FILE_SPECS[key];
  const fileName = spec.fileName;
  const path = join(dataDir, fileName);
  const info = await stat(path).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT') throw new InputError('missing_file', `${fileName}: file not found in ${dataDir}`, { file: fileName, cause });
    throw new InputError('unreadable_file', `${fileName}: cannot read (${cause.code ?? cause.message})`, { file: fileName, cause });
  });
  if (!info.isFile()) throw new InputError('unreadable_file', `${fileName}: not a regular file`, { file: fileName });

  const scanner = new EncodingScanner();
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
      if (head.length < HEADER_PROBE_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEADER_PROBE_BYTES - head.length)]);
      scanner.push(chunk);
      if (scanner.failed) break;
    }
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new InputError('unreadable_file', `${fileName}: cannot read (${code})`, { file: fileName, cause });
  }
  const verdict = scanner.finish();
  if (!verdict.ok) {
    const line = await lineAtOffset(path, verdict.byteOffset);
    const what = verdict.problem === 'nul_byte' ? 'a NUL byte' : 'bytes that are neither UTF-8 nor Windows-1252';
    throw new InputError('unreadable_file', `${fileName}:${line}: not a text file (${what} at byte ${verdict.byteOffset})`, {
      file: fileName,
      line,
    });
  }

  const text = verdict.encoding === 'utf-8' ? new TextDecoder('utf-8').decode(head) : decodeWindows1252(head); // drops a UTF-8 BOM
  const headerLine = text.split(/\r?\n/).find((l) => l.trim() !== '');
  if (headerLine === undefined) {
    throw new InputError('missing_column', `${fileName}: no header line (the file is empty); expected columns ${spec.columns.join(', ')}`, {
      file: fileName,
      line: 1,
    });
  }
  const delimiter = detectDelimiter(headerLine);
  const cells = (parseSync(headerLine, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
  const match = matchHeaders(cells, spec.columns as readonly ColumnOf<K>[]);
  if (match.missing.length > 0) {
    const first = match.missing[0]!;
    throw new InputError(
      'missing_column',
      `${fileName}:1: missing required column "${first}"` +
        (match.missing.length > 1 ? ` (also missing: ${match.missing.slice(1).join(', ')})` : '') +
        `; header has: ${cells.map((c) => JSON.stringify(c.trim())).join(', ')}`,
      { file: fileName, line: 1, field: first },
    );
  }
  return {
    key,
    fileName,
    path,
    sizeBytes: info.size,
    encoding: verdict.encoding,
    bom: verdict.bom,
    delimiter,
    headerCells: cells.length,
    positions: match.positions,
    ignoredColumns: match.ignored,
  };
}

/** 1-based line holding a byte offset; only used to word an error, so a second read is fine. */
async function lineAtOffset(path: string, offset: number): Promise<number> {
  let line = 1;
  let seen = 0;
  for await (const chunk of createReadStream(path, { end: Math.max(0, offset - 1) }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length && seen + i < offset; i++) if (chunk[i] === 0x0a) line++;
    seen += chunk.length;
  }
  return line;
}

/** Inspects every file in load order; the first broken one (in that order) is the error reported. */
export async function inspectAll(dataDir: string): Promise<{ [K in FileKey]: FileInspection<K> }> {
  return {
    productos: await inspectFile(dataDir, 'productos'),
    clientes: await inspectFile(dataDir, 'clientes'),
    ventas: await inspectFile(dataDir, 'ventas'),
    inventario: await inspectFile(dataDir, 'inventario'),
  };
}
