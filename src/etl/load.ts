// The load: pre-flight every file, then stream, clean and write all four in one transaction
// that replaces the previous load whole (or leaves it untouched).
// A subpath import: the date-fns index costs 20 MB of RSS, this one function 4 MB.
import { formatISO } from 'date-fns/formatISO';
import { type Kysely } from 'kysely';
import { withoutForeignKeyChecks } from '../db/foreign-key-checks.ts';
import { migrationState } from '../db/migration-files.ts';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';
import { closeInterruptedRuns } from '../process/interrupted-runs.ts';
import { type ProcessCheck, thisProcess } from '../process/liveness.ts';
import { openRun } from '../process/open-runs.ts';
import { InputError } from './errors.ts';
import type { FileReport } from './file-counters.ts';
import { FILE_ORDER, type FileKey } from '../data-files.ts';
import { inspectAll } from './inspect-file.ts';
import { DEFAULT_NUMBER_OPTIONS, type NumberOptions } from './parse-number.ts';
import type { RecordLimits } from './file-inspection.ts';
import { type ProgressSink } from './progress.ts';
import { guardRowCounts } from './row-count-guard.ts';
import { writeLoad } from './write-load.ts';

export interface LoadOptions {
  dataDir: string;
  /** Sales and stock dated after this day are `future_date`; defaults to today (local time). */
  asOf?: string;
  numberOptions?: NumberOptions;
  /** Longest record and how much of an oversized one the quarantine keeps; default 1 MiB and 4 KiB. */
  recordLimits?: RecordLimits;
  progress?: ProgressSink;
  log?: JsonLog;
  clock?: () => Date;
  /** Called after each batch of records is written; a throw rolls the load back (failure injection in tests). */
  onBatch?: (file: FileKey, rowsRead: number) => Promise<void> | void;
  /** This process (recorded as the load's runner) and how to tell whether others died; default the real one. */
  processCheck?: ProcessCheck;
  /**
   * A file loading under this share of the previous successful load's rows is refused (`row_count_drop`)
   * before the commit. Passed in by the callers from the validation config; omitted, nothing is compared.
   */
  minRowShareOfPrevious?: number;
  /** Accept such a drop on purpose (`--allow-drop`). */
  allowDrop?: boolean;
  /**
   * Aborted (SIGTERM, SIGINT): the load stops at its next batch or before its commit, rolls back, and is
   * recorded `interrumpida`. Its reason (an Error) is the recorded message.
   */
  signal?: AbortSignal;
}

export type LoadResult =
  | { status: 'ok'; loadId: number; asOf: string; files: Record<FileKey, FileReport> }
  | { status: 'error'; loadId: number | null; asOf: string; error: ReturnType<InputError['toJSON']> }
  | { status: 'failed'; loadId: number | null; asOf: string; error: { code: string; message: string } }
  | { status: 'interrupted'; loadId: number; asOf: string; error: { code: 'interrupted'; message: string } };

/** Thrown before anything is written when the schema is behind the code. */
export class PendingMigrationsError extends Error {
  readonly code = 'pending_migrations';
  /** `cause`: the migration state that refused the load (which migrations are pending), like the other engine errors. */
  constructor(readonly pending: string[]) {
    super(`the database has pending migrations (${pending.join(', ')}): run \`npm run migrate\` first`, { cause: { pending } });
    this.name = 'PendingMigrationsError';
  }
}

export async function runLoad(db: Kysely<Database>, options: LoadOptions): Promise<LoadResult> {
  const clock = options.clock ?? (() => new Date());
  const asOf = options.asOf ?? formatISO(clock(), { representation: 'date' });
  const state = await migrationState(db);
  if (state.pending.length > 0) throw new PendingMigrationsError(state.pending);

  const runner = options.processCheck ?? thisProcess();
  const interrupted = await closeInterruptedRuns(db, { check: runner, now: clock });
  const { id: loadId } = await db
    .insertInto('cargas')
    .values({
      iniciada_en: clock().toISOString(),
      fecha_corte: asOf,
      estado: 'en_curso',
      directorio: options.dataDir,
      host: runner.host,
      pid: runner.pid,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const closeRun = openRun('carga', loadId);
  const log = options.log?.with({ loadId });
  if (interrupted.loads.length > 0)
    log?.write('warning', 'closed loads whose process died', { step: 'start', interrupted: interrupted.loads });
  log?.write('info', 'load started', { step: 'start', dataDir: options.dataDir, asOf });

  const fail = async (code: string, message: string, file: string | null, estado: 'error' | 'interrumpida' = 'error') => {
    await db
      .updateTable('cargas')
      .set({ estado, finalizada_en: clock().toISOString(), error_codigo: code, error_archivo: file, error_mensaje: message })
      .where('id', '=', loadId)
      .execute();
  };

  try {
    const inspections = await inspectAll(options.dataDir, options.recordLimits);
    for (const key of FILE_ORDER) {
      const i = inspections[key];
      log?.write('info', 'file inspected', {
        step: 'inspect',
        file: i.fileName,
        encoding: i.encoding,
        bom: i.bom,
        delimiter: i.delimiter,
        bytes: i.sizeBytes,
        ignoredColumns: i.ignoredColumns,
      });
    }
    const { signal } = options;
    // The abort is seen after each batch (a throw there rolls back, and stops the ventas worker) and at the commit.
    const onBatch = async (file: FileKey, rowsRead: number) => {
      signal?.throwIfAborted();
      await options.onBatch?.(file, rowsRead);
    };
    signal?.throwIfAborted();
    const started = performance.now();
    const files = await withoutForeignKeyChecks(db, () =>
      db.transaction().execute(async (trx) => {
        const files = await writeLoad(trx, loadId, inspections, {
          ...options,
          onBatch,
          asOf,
          numberOptions: options.numberOptions ?? DEFAULT_NUMBER_OPTIONS,
          log,
          clock,
        });
        // The counts are known only now; a throw here still rolls everything back.
        if (options.minRowShareOfPrevious !== undefined) {
          await guardRowCounts(trx, loadId, files, {
            minShareOfPrevious: options.minRowShareOfPrevious,
            allowDrop: options.allowDrop ?? false,
          });
        }
        signal?.throwIfAborted();
        return files;
      }),
    );
    for (const key of FILE_ORDER) log?.write('info', 'file loaded', { step: 'file', file: key, ...files[key] });
    log?.write('info', 'load committed', { step: 'commit', ms: Math.round(performance.now() - started) });
    return { status: 'ok', loadId, asOf, files };
  } catch (err) {
    if (options.signal?.aborted) {
      const reason: unknown = options.signal.reason;
      const message = `stopped: ${reason instanceof Error ? reason.message : String(reason)}; rolled back, the previous load is kept`;
      await fail('interrupted', message, null, 'interrumpida');
      log?.write('warning', 'load interrupted and rolled back', { step: 'error', error: message });
      return { status: 'interrupted', loadId, asOf, error: { code: 'interrupted', message } };
    }
    if (err instanceof InputError) {
      await fail(err.code, err.message, err.file);
      log?.write('error', 'load refused: bad input', { step: 'error', error: err.toJSON() });
      return { status: 'error', loadId, asOf, error: err.toJSON() };
    }
    const message = err instanceof Error ? err.message : String(err);
    await fail('load_failed', message, null);
    log?.write('error', 'load failed and was rolled back', {
      step: 'error',
      error: message,
      stack: err instanceof Error ? err.stack : undefined,
    });
    return { status: 'failed', loadId, asOf, error: { code: 'load_failed', message } };
  } finally {
    closeRun();
  }
}
