// Streams a CSV file's data records with their starting line and raw text; never holds the file in memory.
import { createReadStream } from 'node:fs';
import { CsvSplitter, type SplitRecord } from './csv-splitter.ts';
import { decodeWindows1252 } from './decode-windows-1252.ts';
import type { FileKey } from './files.ts';
import type { FileInspection } from './inspect-file.ts';

/** A data record: its physical line, its raw text (no line ending), and its fields or why it is malformed. */
export interface CsvRecord extends SplitRecord {}

export interface ReadProgress {
  bytesRead: number;
}

/** Record size limits of the reader; `config/etl.json` sets them. */
export interface RecordLimits {
  /** Longest record in characters (default 1 MiB): a longer one is quarantined, and reading goes on. */
  maxRecordChars: number;
  /** How much of an oversized record's text is kept in the quarantine, in UTF-8 bytes. */
  keptPrefixBytes: number;
}

export const DEFAULT_RECORD_LIMITS: RecordLimits = { maxRecordChars: 1 << 20, keptPrefixBytes: 4096 };

const BATCH = 4096;

/** Decoded text chunks of a file: UTF-8 (a BOM dropped) or Windows-1252. */
export async function* decodedChunks(path: string, encoding: FileInspection['encoding'], progress?: ReadProgress): AsyncGenerator<string> {
  const decoder = encoding === 'utf-8' ? new TextDecoder('utf-8') : null;
  const source = createReadStream(path, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (progress) progress.bytesRead += chunk.length;
      yield decoder ? decoder.decode(chunk, { stream: true }) : decodeWindows1252(chunk);
    }
    if (decoder) yield decoder.decode();
  } finally {
    source.destroy();
  }
}

/**
 * Yields batches of data records in file order (the header record is skipped). Wrong field counts, and
 * records the splitter could not read, come out with `fields: null` so the caller can quarantine them;
 * blank (or whitespace-only) lines are skipped.
 */
export async function* readRecords<K extends FileKey>(
  inspection: FileInspection<K>,
  progress?: ReadProgress,
  limits: RecordLimits = inspection.limits ?? DEFAULT_RECORD_LIMITS,
): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  let headerSeen = false;
  const expected = inspection.headerCells;
  const splitter = new CsvSplitter({ delimiter: inspection.delimiter, ...limits }, (record) => {
    const fields = record.fields;
    if (!headerSeen) {
      // Whitespace-only lines before the header are blank lines, as the inspection that found the header read them.
      if (fields !== null && fields.length === 1 && fields[0]!.trim() === '') return;
      headerSeen = true;
      return;
    }
    if (fields === null) {
      batch.push(record);
      return;
    }
    if (fields.length === 1 && expected > 1 && fields[0]!.trim() === '') return; // whitespace-only line
    if (fields.length !== expected) {
      batch.push({ line: record.line, raw: record.raw, fields: null, problem: `expected ${expected} fields, found ${fields.length}` });
    } else {
      batch.push(record);
    }
  });
  for await (const text of decodedChunks(inspection.path, inspection.encoding, progress)) {
    splitter.push(text);
    if (batch.length >= BATCH) {
      const full = batch;
      batch = [];
      yield full;
    }
  }
  splitter.end();
  if (batch.length > 0) yield batch;
}
