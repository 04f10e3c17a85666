// Streams a CSV file's data records with their starting line and raw text; never holds the file in memory.
import { createReadStream } from 'node:fs';
import { type CsvError, parse } from 'csv-parse';
import { decodeWindows1252 } from './decode-windows-1252.ts';
import type { FileKey } from './files.ts';
import type { FileInspection } from './inspect-file.ts';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  /**
   * The record's text as it stands in the file. Trimmed of blank lines and line endings only on
   * malformed records; call `trimRaw` before storing a well-formed one (most are never stored).
   */
  raw: string;
  /** The fields, or null when the record could not be split into the header's number of fields. */
  fields: string[] | null;
  /** Why the record is malformed, when fields is null. */
  problem?: string;
}

export interface ReadProgress {
  bytesRead: number;
}

const BATCH = 4096;

/**
 * Line breaks in a piece of raw text. csv-parse keeps only the `\r` of a CRLF record delimiter in `raw`,
 * so a `\r` not followed by `\n` counts as a break too.
 */
function countBreaks(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Breaks before the first non-blank character: the blank lines csv-parse skipped in front of a record. */
function leadingBreaks(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) i++;
  return countBreaks(text, 0, i);
}

/** Strips the blank lines csv-parse leaves in front of a record and the line ending behind it. */
export function trimRaw(raw: string): string {
  let start = 0;
  while (start < raw.length && (raw.charCodeAt(start) === 10 || raw.charCodeAt(start) === 13)) start++;
  let end = raw.length;
  while (end > start && (raw.charCodeAt(end - 1) === 10 || raw.charCodeAt(end - 1) === 13)) end--;
  return raw.slice(start, end);
}

/**
 * Yields batches of records in file order. Wrong field counts and unparseable CSV come out as records
 * with `fields: null` so the caller can quarantine them; blank (or whitespace-only) lines are skipped.
 *
 * The file is pulled chunk by chunk; csv-parse parses each chunk inside `write()` and, the parser's readable
 * side flowing, hands each record to the 'data' listener at once. So a batch never holds more than one
 * chunk's records beyond BATCH, and no pause/resume bookkeeping is needed. (csv-parse's `on_record` hook
 * would be tidier but builds an info object per record, which costs as much as the parse itself.)
 */
export async function* readRecords<K extends FileKey>(inspection: FileInspection<K>, progress?: ReadProgress): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  let headerSeen = false;
  let failure: unknown = null;
  const expected = inspection.headerCells;
  // Line numbers come from counting breaks in each record's raw text (csv-parse's `info` doubles the parse time).
  let cursor = 1;

  const parser = parse({
    delimiter: inspection.delimiter,
    record_delimiter: ['\r\n', '\n'],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    raw: true,
    bom: true,
    encoding: inspection.encoding === 'utf-8' ? 'utf8' : undefined,
    on_skip: (err: CsvError | undefined, rawChunk: string | undefined) => {
      const text = String(rawChunk ?? '');
      const line = cursor + leadingBreaks(text);
      cursor += countBreaks(text);
      batch.push({ line, raw: trimRaw(text), fields: null, problem: err?.message ?? 'unparseable CSV' });
    },
  });
  parser.on('data', (rec: { record: string[]; raw: string }) => {
    const line = cursor + leadingBreaks(rec.raw);
    cursor += countBreaks(rec.raw);
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    const fields = rec.record;
    if (fields.length === 1 && expected > 1 && fields[0]!.trim() === '') return; // whitespace-only line
    if (fields.length !== expected) {
      batch.push({ line, raw: trimRaw(rec.raw), fields: null, problem: `expected ${expected} fields, found ${fields.length}` });
    } else {
      batch.push({ line, raw: rec.raw, fields });
    }
  });
  parser.on('error', (err) => (failure = err));

  const write = (chunk: Buffer | string) =>
    new Promise<void>((resolve, reject) => parser.write(chunk, (err) => (err ? reject(err) : resolve())));
  const source = createReadStream(inspection.path, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (progress) progress.bytesRead += chunk.length;
      await write(inspection.encoding === 'windows-1252' ? decodeWindows1252(chunk) : chunk);
      if (failure) throw failure;
      if (batch.length >= BATCH) {
        const full = batch;
        batch = [];
        yield full;
      }
    }
    await new Promise<void>((resolve, reject) => {
      parser.once('end', resolve);
      parser.once('error', reject);
      parser.end();
    });
    if (failure) throw failure;
    if (batch.length > 0) yield batch;
  } finally {
    source.destroy();
    parser.destroy();
  }
}
