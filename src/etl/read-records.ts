// Streams a CSV file's data records with their starting line and raw text; never holds the file in memory.
import { CsvSplitter, type SplitRecord } from './csv-splitter.ts';
import { decodeWindows1252 } from './decode-windows-1252.ts';
import { fileChunks } from './file-chunks.ts';
import type { FileKey } from '../data-files.ts';
import { DEFAULT_RECORD_LIMITS, type FileInspection, type RecordLimits } from './file-inspection.ts';

/** A data record: its physical line, its raw text (no line ending), and its fields or why it is malformed. */
export interface CsvRecord extends SplitRecord {}

export interface ReadProgress {
  bytesRead: number;
}

/** Decoded text chunks of a file: UTF-8 (a BOM dropped) or Windows-1252. */
export async function* decodedChunks(path: string, encoding: FileInspection['encoding'], progress?: ReadProgress): AsyncGenerator<string> {
  const decoder = encoding === 'utf-8' ? new TextDecoder('utf-8') : null;
  for await (const chunk of fileChunks(path)) {
    if (progress) progress.bytesRead += chunk.length;
    yield decoder ? decoder.decode(chunk, { stream: true }) : decodeWindows1252(chunk);
  }
  if (decoder) yield decoder.decode();
}

export interface ForEachRecordOptions {
  progress?: ReadProgress;
  limits?: RecordLimits;
  /** Called after each chunk of the file is split (and the promises `onRecord` returned are settled). */
  afterChunk?: () => Promise<void> | void;
}

/**
 * Calls `onRecord` for each data record in file order (the header record is skipped), synchronously as the
 * splitter finds it, so records die young instead of piling up in batches for the GC to promote. Wrong field
 * counts, and records the splitter could not read, come with `fields: null`; blank (or whitespace-only)
 * lines are skipped. Promises `onRecord` returns are awaited before the next chunk is read.
 */
export async function forEachRecord<K extends FileKey>(
  inspection: FileInspection<K>,
  onRecord: (record: CsvRecord) => Promise<void> | void,
  options: ForEachRecordOptions = {},
): Promise<void> {
  let headerSeen = false;
  let pending: Array<Promise<void>> = [];
  const expected = inspection.headerCells;
  const deliver = (record: CsvRecord) => {
    const p = onRecord(record);
    if (p) pending.push(p);
  };
  const limits = options.limits ?? inspection.limits ?? DEFAULT_RECORD_LIMITS;
  const splitter = new CsvSplitter({ delimiter: inspection.delimiter, ...limits }, (record) => {
    const fields = record.fields;
    if (!headerSeen) {
      // Whitespace-only lines before the header are blank lines, as the inspection that found the header read them.
      if (fields !== null && fields.length === 1 && fields[0]!.trim() === '') return;
      headerSeen = true;
      return;
    }
    if (fields === null) return deliver(record);
    if (fields.length === 1 && expected > 1 && fields[0]!.trim() === '') return; // whitespace-only line
    if (fields.length !== expected)
      return deliver({ line: record.line, raw: record.raw, fields: null, problem: `expected ${expected} fields, found ${fields.length}` });
    deliver(record);
  });
  const settle = async () => {
    if (pending.length > 0) {
      const waiting = pending;
      pending = [];
      await Promise.all(waiting);
    }
    await options.afterChunk?.();
  };
  for await (const text of decodedChunks(inspection.path, inspection.encoding, options.progress)) {
    splitter.push(text);
    await settle();
  }
  splitter.end();
  await settle();
}
