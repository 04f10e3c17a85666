// What the pre-flight learns of an input file and the reader's record limits: the shapes the inspector,
// the reader and the workers share (kept apart so that none of them imports another for a type).
import type { Delimiter } from './detect-delimiter.ts';
import type { TextEncoding } from './detect-encoding.ts';
import type { ColumnOf, FileKey } from '../data-files.ts';

/** Record size limits of the reader; `config/etl.json` sets them. */
export interface RecordLimits {
  /** Longest record in characters (default 1 MiB): a longer one is quarantined, and reading goes on. */
  maxRecordChars: number;
  /** How much of an oversized record's text is kept in the quarantine, in UTF-8 bytes. */
  keptPrefixBytes: number;
}

export const DEFAULT_RECORD_LIMITS: RecordLimits = { maxRecordChars: 1 << 20, keptPrefixBytes: 4096 };

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
  /** The reader's record size limits (the header is read under the same ones). */
  limits?: RecordLimits;
}
