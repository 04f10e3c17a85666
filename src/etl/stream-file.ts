// Runs one file's records through its cleaner: loaded rows go to `onLoaded`, the rest to the quarantine.
import { FileCounters } from './file-counters.ts';
import type { ColumnOf, FileKey } from '../data-files.ts';
import type { FileInspection } from './file-inspection.ts';
import type { ProgressSink } from './progress.ts';
import { boundedRaw } from './bounded-raw.ts';
import { DEFAULT_RECORD_LIMITS } from './file-inspection.ts';
import { forEachRecord } from './read-records.ts';
import type { RowOutcome } from './row-outcome.ts';

/**
 * A quarantined row's values: carga_id, archivo, linea, contenido, razon, campo, mensaje, contenido_bytes
 * and contenido_sha256 (set when contenido is only a prefix of the record). Its parsed values are not
 * stored: they are rebuilt from contenido when read (replay-rejection.ts).
 */
export type QuarantineValues = [number, string, number, string, string, string | null, string, number | null, string | null];

export const QUARANTINE_COLUMNS = [
  'carga_id',
  'archivo',
  'linea',
  'contenido',
  'razon',
  'campo',
  'mensaje',
  'contenido_bytes',
  'contenido_sha256',
] as const;

/** Where quarantined rows go. */
export interface QuarantineSink {
  add(...values: QuarantineValues): Promise<void> | void;
}

/** A sink that also takes one row read from a flat array of rows at an offset (the worker's batches). */
export interface FlatQuarantineSink extends QuarantineSink {
  addFrom(values: ReadonlyArray<QuarantineValues[number]>, start: number): Promise<void> | void;
}

export interface StreamFileOptions<K extends FileKey, R> {
  inspection: FileInspection<K>;
  loadId: number;
  clean: (get: (column: ColumnOf<K>) => string) => RowOutcome<R>;
  onLoaded: (row: R, line: number) => Promise<void> | void;
  quarantine: QuarantineSink;
  progress: ProgressSink;
  /** Called after each batch of records; a throw aborts the load (tests inject failures here). */
  onBatch?: (file: FileKey, rowsRead: number) => Promise<void> | void;
}

/** Records between two progress reports and `onBatch` calls. */
const BATCH = 4096;

export async function streamFile<K extends FileKey, R>(options: StreamFileOptions<K, R>): Promise<FileCounters> {
  const { inspection, loadId, clean, onLoaded, quarantine, progress, onBatch } = options;
  const counters = new FileCounters();
  const positions = inspection.positions;
  let fields: string[] = [];
  const get = (column: ColumnOf<K>) => fields[positions[column]]!;
  const reading = { bytesRead: 0 };
  const keep = (inspection.limits ?? DEFAULT_RECORD_LIMITS).keptPrefixBytes;
  let reported = 0;
  const report = async () => {
    reported = counters.read;
    progress.update(inspection.fileName, counters.read, reading.bytesRead, inspection.sizeBytes);
    await onBatch?.(inspection.key, counters.read);
  };

  await forEachRecord(
    inspection,
    (record) => {
      if (record.fields === null) {
        counters.countQuarantined('malformed_row');
        const raw = boundedRaw(record.raw, keep, record);
        return quarantine.add(
          loadId,
          inspection.fileName,
          record.line,
          raw.text,
          'malformed_row',
          null,
          `malformed row: ${record.problem}`,
          raw.bytes,
          raw.sha256,
        );
      }
      fields = record.fields;
      const outcome = clean(get);
      if (outcome.ok) {
        counters.countLoaded(outcome.findings);
        return onLoaded(outcome.row, record.line);
      }
      counters.countQuarantined(outcome.reason, outcome.values);
      const raw = boundedRaw(record.raw, keep);
      return quarantine.add(
        loadId,
        inspection.fileName,
        record.line,
        raw.text,
        outcome.reason,
        outcome.field,
        outcome.message,
        raw.bytes,
        raw.sha256,
      );
    },
    { progress: reading, afterChunk: () => (counters.read - reported >= BATCH ? report() : undefined) },
  );
  await report();
  progress.done(inspection.fileName, counters.read);
  return counters;
}
