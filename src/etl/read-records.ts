// Streams a CSV file's data records with their starting line and raw text; never holds the file in memory.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CsvError, parse } from 'csv-parse';
import { decodeWindows1252 } from './decode-windows-1252.ts';
import type { FileKey } from './files.ts';
import type { FileInspection } from './inspect-file.ts';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  /** The record's text as it stands in the file, without its line ending. */
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
const HIGH_WATER = 8 * BATCH;

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
function trimRaw(raw: string): string {
  let start = 0;
  while (start < raw.length && (raw.charCodeAt(start) === 10 || raw.charCodeAt(start) === 13)) start++;
  let end = raw.length;
  while (end > start && (raw.charCodeAt(end - 1) === 10 || raw.charCodeAt(end - 1) === 13)) end--;
  return raw.slice(start, end);
}

/**
 * Yields batches of records in file order. Wrong field counts and unparseable CSV come out as records
 * with `fields: null` so the caller can quarantine them; blank (or whitespace-only) lines are skipped.
 */
export async function* readRecords<K extends FileKey>(inspection: FileInspection<K>, progress?: ReadProgress): AsyncGenerator<CsvRecord[]> {
  const queue: CsvRecord[] = [];
  let headerSeen = false;
  let failure: unknown = null;
  let finished = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const expected = inspection.headerCells;

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
      queue.push({ line, raw: trimRaw(text), fields: null, problem: err?.message ?? 'unparseable CSV' });
    },
  });
  // Line numbers come from counting breaks in each record's raw text (csv-parse's `info` costs twice the parse).
  let cursor = 1;
  parser.on('data', (rec: { record: string[]; raw: string }) => {
    const line = cursor + leadingBreaks(rec.raw);
    cursor += countBreaks(rec.raw);
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    const fields = rec.record;
    if (fields.length === 1 && expected > 1 && fields[0]!.trim() === '') return; // whitespace-only line
    const raw = trimRaw(rec.raw);
    if (fields.length !== expected) {
      queue.push({ line, raw, fields: null, problem: `expected ${expected} fields, found ${fields.length}` });
    } else {
      queue.push({ line, raw, fields });
    }
    if (queue.length >= HIGH_WATER) parser.pause();
    if (queue.length >= BATCH) notify();
  });

  const source = createReadStream(inspection.path, { highWaterMark: 1 << 20 });
  if (progress) source.on('data', (chunk) => (progress.bytesRead += chunk.length));
  const stages: NodeJS.ReadWriteStream[] = [];
  if (inspection.encoding === 'windows-1252') {
    stages.push(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          done(null, decodeWindows1252(chunk));
        },
      }),
    );
  }
  const done = pipeline([source, ...stages, parser])
    .catch((err) => {
      failure = err;
    })
    .finally(() => {
      finished = true;
      notify();
    });

  try {
    for (;;) {
      if (queue.length > 0) {
        const batch = queue.splice(0, BATCH);
        if (queue.length < BATCH && parser.isPaused()) parser.resume();
        yield batch;
        continue;
      }
      if (failure) throw failure;
      if (finished) break;
      if (parser.isPaused()) parser.resume();
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!finished) {
      parser.destroy();
      source.destroy();
    }
    await done;
  }
}
