// Main-thread side of the file worker: writes the packed batches it sends, in order, with backpressure.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileCounters } from './file-counters.ts';
import type { FileKey } from '../data-files.ts';
import type { ProgressSink } from './progress.ts';
import { startWorker } from '../process/start-worker.ts';
import type { FlatQuarantineSink, QuarantineValues } from './stream-file.ts';
import type { NumberStatsData } from './number-stats.ts';
import { type FileWorkerInput, type FileWorkerMessage, QUARANTINED_ROW_FIELDS } from './worker-protocol.ts';

export interface StreamInWorkerOptions {
  input: FileWorkerInput;
  /** Writes one packed batch of loaded rows; `names` is the warehouse dictionary so far (inventario). */
  onRows: (rows: Float64Array, count: number, names: readonly string[]) => Promise<void>;
  quarantine: FlatQuarantineSink;
  progress: ProgressSink;
  onBatch?: (file: FileKey, rowsRead: number) => Promise<void> | void;
}

export interface StreamedInWorker {
  counters: FileCounters;
  /** The worker's summary of each numeric column of the loaded rows. */
  columns: Record<string, NumberStatsData>;
}

export async function streamFileInWorker(options: StreamInWorkerOptions): Promise<StreamedInWorker> {
  const { input, onRows, quarantine, progress, onBatch } = options;
  const worker = startWorker(new URL(`./file-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url), input);
  const inbox: FileWorkerMessage[] = [];
  const names: string[] = [];
  // A quarantined row as the sink takes it: this file's load id and name, then the values the worker sent.
  const row: QuarantineValues = [input.loadId, input.inspection.fileName, 0, '', '', null, '', null, null];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: FileWorkerMessage) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure = err;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });

  try {
    for (;;) {
      const message = inbox.shift();
      if (message === undefined) {
        if (failure) throw failure;
        if (exited) throw new Error(`the ${input.file} worker exited before finishing`);
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.type === 'done') {
        progress.done(input.inspection.fileName, message.counters.read);
        while (!exited && !failure) await new Promise<void>((resolve) => (wake = resolve));
        return { counters: FileCounters.fromData(message.counters), columns: message.columns };
      }
      for (const name of message.names) names.push(name);
      await onRows(message.rows, message.count, names);
      const flat = message.quarantine;
      for (let at = 0; at < flat.length; at += QUARANTINED_ROW_FIELDS) {
        // The sink reads the row before it returns, so one array serves every row.
        for (let k = 0; k < QUARANTINED_ROW_FIELDS; k++) row[2 + k] = flat[at + k] as QuarantineValues[number];
        const pending = quarantine.addFrom(row, 0);
        if (pending) await pending;
      }
      progress.update(input.inspection.fileName, message.read, message.bytesRead, input.inspection.sizeBytes);
      await onBatch?.(input.file, message.read);
      worker.postMessage('ack');
    }
  } finally {
    if (!exited) await worker.terminate();
  }
}
