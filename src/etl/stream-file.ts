// Runs one file's records through its cleaner: loaded rows go to `onLoaded`, the rest to the quarantine.
import { FileCounters } from './file-counters.ts';
import type { ColumnOf, FileKey } from './files.ts';
import type { FileInspection } from './inspect-file.ts';
import type { ProgressSink } from './progress.ts';
import { readRecords, trimRaw } from './read-records.ts';
import type { RowOutcome } from './row-outcome.ts';

/** A quarantined row's values: carga_id, archivo, linea, contenido, razon, campo, mensaje, valores (JSON). */
export type QuarantineValues = [number, string, number, string, string, string | null, string, string | null];

export const QUARANTINE_COLUMNS = ['carga_id', 'archivo', 'linea', 'contenido', 'razon', 'campo', 'mensaje', 'valores'] as const;

/** Where quarantined rows go. */
export interface QuarantineSink {
  add(...values: QuarantineValues): Promise<void> | void;
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

export async function streamFile<K extends FileKey, R>(options: StreamFileOptions<K, R>): Promise<FileCounters> {
  const { inspection, loadId, clean, onLoaded, quarantine, progress, onBatch } = options;
  const counters = new FileCounters();
  const positions = inspection.positions;
  let fields: string[] = [];
  const get = (column: ColumnOf<K>) => fields[positions[column]]!;
  const reading = { bytesRead: 0 };

  for await (const batch of readRecords(inspection, reading)) {
    for (const record of batch) {
      if (record.fields === null) {
        counters.countQuarantined('malformed_row');
        const pending = quarantine.add(loadId, inspection.fileName, record.line, record.raw, 'malformed_row', null, `malformed row: ${record.problem}`, null);
        if (pending) await pending;
        continue;
      }
      fields = record.fields;
      const outcome = clean(get);
      if (outcome.ok) {
        counters.countLoaded(outcome.findings);
        // Awaiting only when a sink returns a promise keeps a microtask off the per-row path.
        const pending = onLoaded(outcome.row, record.line);
        if (pending) await pending;
      } else {
        counters.countQuarantined(outcome.reason, outcome.values);
        const pending = quarantine.add(loadId, inspection.fileName, record.line, trimRaw(record.raw), outcome.reason, outcome.field, outcome.message, outcome.values === undefined ? null : JSON.stringify(outcome.values));
        if (pending) await pending;
      }
    }
    progress.update(inspection.fileName, counters.read, reading.bytesRead, inspection.sizeBytes);
    await onBatch?.(inspection.key, counters.read);
  }
  progress.done(inspection.fileName, counters.read);
  return counters;
}
