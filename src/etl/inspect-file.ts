// Pre-flight of one input file: exists, is text (UTF-8 or Windows-1252), has the required columns.
// Runs over every file before the load touches the database, so bad input changes nothing.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvSplitter } from './csv-splitter.ts';
import { fileChunks } from './file-chunks.ts';
import { InputError } from './errors.ts';
import { EncodingScanner, type TextEncoding } from './detect-encoding.ts';
import { type Delimiter, detectDelimiter } from './detect-delimiter.ts';
import { FILE_SPECS, type ColumnOf, type FileKey } from '../data-files.ts';
import { matchHeaders } from './match-headers.ts';
import { DEFAULT_RECORD_LIMITS, type FileInspection, type RecordLimits } from './file-inspection.ts';
import { decodedChunks } from './read-records.ts';

/** At most this much of a header is quoted back in an error message. */
const QUOTED_HEADER_CHARS = 200;

export async function inspectFile<K extends FileKey>(
  dataDir: string,
  key: K,
  limits: RecordLimits = DEFAULT_RECORD_LIMITS,
): Promise<FileInspection<K>> {
  const spec = FILE_SPECS[key];
  const fileName = spec.fileName;
  const path = join(dataDir, fileName);
  const info = await stat(path).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT')
      throw new InputError('missing_file', `${fileName}: file not found in ${dataDir}`, { file: fileName, cause });
    throw new InputError('unreadable_file', `${fileName}: cannot read (${cause.code ?? cause.message})`, { file: fileName, cause });
  });
  if (!info.isFile()) throw new InputError('unreadable_file', `${fileName}: not a regular file`, { file: fileName });

  const scanner = new EncodingScanner();
  try {
    for await (const chunk of fileChunks(path)) {
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

  const headerLine = await firstLine(path, verdict.encoding, limits.maxRecordChars);
  if (headerLine === null) {
    throw new InputError('missing_column', `${fileName}: no header line (the file is empty); expected columns ${spec.columns.join(', ')}`, {
      file: fileName,
      line: 1,
    });
  }
  if (headerLine === TOO_LONG) {
    throw new InputError(
      'missing_column',
      `${fileName}:1: the header line is longer than the ${limits.maxRecordChars.toLocaleString('en')}-character record limit`,
      {
        file: fileName,
        line: 1,
      },
    );
  }
  const delimiter = detectDelimiter(headerLine);
  let cells: string[] = [];
  const splitter = new CsvSplitter({ delimiter, ...limits }, (record) => {
    if (cells.length === 0 && record.fields) cells = record.fields;
  });
  splitter.push(headerLine);
  splitter.end();
  const match = matchHeaders(cells, spec.columns as readonly ColumnOf<K>[]);
  if (match.missing.length > 0) {
    const first = match.missing[0]!;
    throw new InputError(
      'missing_column',
      `${fileName}:1: missing required column "${first}"` +
        (match.missing.length > 1 ? ` (also missing: ${match.missing.slice(1).join(', ')})` : '') +
        `; header has: ${quoteHeader(cells)}`,
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
    limits,
  };
}

const TOO_LONG = Symbol('too long');

/** The first non-blank physical line (LF, CRLF or CR ended), without reading past `maxChars` of it. */
async function firstLine(path: string, encoding: TextEncoding, maxChars: number): Promise<string | null | typeof TOO_LONG> {
  let text = '';
  for await (const chunk of decodedChunks(path, encoding)) {
    text += chunk;
    for (;;) {
      const start = text.search(/[^\r\n]/);
      if (start === -1) {
        text = '';
        break;
      }
      const rest = text.slice(start);
      const end = rest.search(/[\r\n]/);
      const line = end === -1 ? rest : rest.slice(0, end);
      if (line.length > maxChars) return TOO_LONG;
      if (end === -1) {
        text = rest;
        break;
      }
      if (line.trim() !== '') return line;
      text = rest.slice(end);
    }
  }
  if (text.length > maxChars) return TOO_LONG;
  return text.trim() === '' ? null : text;
}

/** The header's cells for an error message, cut to QUOTED_HEADER_CHARS. */
function quoteHeader(cells: string[]): string {
  const all = cells.map((c) => JSON.stringify(c.trim())).join(', ');
  return all.length <= QUOTED_HEADER_CHARS ? all : `${all.slice(0, QUOTED_HEADER_CHARS)}… (${cells.length} columns)`;
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
export async function inspectAll(
  dataDir: string,
  limits: RecordLimits = DEFAULT_RECORD_LIMITS,
): Promise<{ [K in FileKey]: FileInspection<K> }> {
  return {
    productos: await inspectFile(dataDir, 'productos', limits),
    clientes: await inspectFile(dataDir, 'clientes', limits),
    ventas: await inspectFile(dataDir, 'ventas', limits),
    inventario: await inspectFile(dataDir, 'inventario', limits),
  };
}
