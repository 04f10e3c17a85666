// validar y enviar: take the lock, check the file, load and validate it, send it on, release the lock in
// every case. A job: it joins the monitor's file check, the load, the validation and the upload. Each step's outcome is a value with its exit code; the run is recorded for the API.
import { dirname, basename } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Kysely } from 'kysely';
import type { AlertingDeps } from '../alerting/alert-engine.ts';
import type { Database } from '../db/tables.ts';
import { loadAndValidate } from './load-and-validate.ts';
import type { JsonLog } from '../log/json-log.ts';
import { closeInterruptedRuns } from '../process/interrupted-runs.ts';
import { openRun } from '../process/open-runs.ts';
import type { S3Config } from '../s3/s3-config.ts';
import { runUpload } from '../s3/upload-run.ts';
import type { ValidationConfig } from '../validation/config.ts';
import { SEVERITY_RANK } from '../validation/run-status.ts';
import type { Severity } from '../validation/types.ts';
import { checkFile } from '../monitor/check-file.ts';
import type { MaxAge } from '../monitor/freshness.ts';
import { EXIT } from '../process/exit-codes.ts';
import { type Lock, describeHolder } from '../process/locks/lock.ts';

/** Each outcome of a run and its code in the shared exit-code table (`sent` is `ok`, `error` is `failed`). */
export const MONITOR_EXIT = {
  sent: EXIT.ok,
  error: EXIT.failed,
  usage: EXIT.usage,
  locked: EXIT.locked,
  missing_file: EXIT.missing_file,
  unreadable_file: EXIT.unreadable_file,
  stale_file: EXIT.stale_file,
  load_failed: EXIT.load_failed,
  validation_failed: EXIT.validation_failed,
  send_failed: EXIT.send_failed,
  interrupted: EXIT.interrupted,
  breaker_open: EXIT.breaker_open,
  database_unreachable: EXIT.database_unreachable,
} as const satisfies Record<string, (typeof EXIT)[keyof typeof EXIT]>;
export type Outcome = keyof typeof MONITOR_EXIT;

export interface MonitorResult {
  outcome: Outcome;
  exitCode: number;
  step: string;
  message: string;
  runId: number | null;
  /**
   * Whose failure it was: `input` (the file is missing, unreadable, stale or bad, or its checks failed) or
   * `system` (the database, the object store, a crash). Only `system` counts toward the breaker; null when
   * the run did not fail (sent, locked, interrupted).
   */
  failure: 'input' | 'system' | null;
}

export interface MonitorOptions {
  file: string;
  maxAge: MaxAge;
  failOn: Severity;
  lock: Lock;
  /** The database's load lock (shared with the seed and the API's reload), taken for the load step. */
  loadLock?: Lock;
  now: () => Date;
  host: string;
  pid: number;
  /** Whether a process of this host is alive (runs left `running` by a dead one are closed at start). */
  isAlive: (pid: number) => boolean;
  /** Sends the file's folder and the clean exports; null when S3 is not configured (a send failure). */
  s3: { client: S3Client; config: S3Config } | null;
  alerts: JsonLog;
  log: JsonLog;
  /** Rejects when the run must stop (SIGINT, SIGTERM, lock lost); the run then releases and records. */
  interrupted: Promise<string>;
  heartbeatMs: number;
  /** Validation alerts of the load the monitor runs. */
  alerting?: AlertingDeps;
  /** config/validation.json: its checks, and the row-count share under which the load is refused. */
  validationConfig: ValidationConfig;
  /** Accept a file loading under that share of the previous load (`--allow-drop`). */
  allowDrop: boolean;
  /** Test seam: hold the lock this long before checking the file (lets tests race, kill and signal a run). */
  holdMs?: number;
}

type Failure = MonitorResult['failure'];
type Finish = (outcome: Outcome, message: string, failure?: Failure) => Promise<MonitorResult>;

/** Whose failure an outcome is, unless the step says otherwise (a load fails on bad input or on the system). */
const FAILURE_OF: Record<Outcome, Failure> = {
  sent: null,
  locked: null,
  interrupted: null,
  breaker_open: null,
  usage: 'input',
  missing_file: 'input',
  unreadable_file: 'input',
  stale_file: 'input',
  validation_failed: 'input',
  load_failed: 'system',
  send_failed: 'system',
  error: 'system',
  database_unreachable: 'system',
};

export async function runMonitor(db: Kysely<Database>, o: MonitorOptions): Promise<MonitorResult> {
  const run = await openMonitorRun(db, o);
  let taken: Awaited<ReturnType<Lock['acquire']>>;
  try {
    taken = await o.lock.acquire();
  } catch (err) {
    return run.finish('error', `the lock could not be taken: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!taken.acquired) return run.finish('locked', `another run holds the lock: ${describeHolder(taken.holder)}`);
  if (taken.tookOverFrom) o.log.write('warning', 'took over a stale lock', { runId: run.id, previous: taken.tookOverFrom });

  const held = holdLocks(o);
  try {
    return await runSteps(db, o, run, held);
  } catch (err) {
    if (err instanceof Interrupted) return await stopInterrupted(o, run, held, err);
    return await run.finish('error', `internal error at step ${run.step}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await held.release();
  }
}

interface MonitorRun {
  id: number;
  step: string;
  finish: Finish;
}

/** Closes the runs whose process died, records this one as running, and returns how it will be finished. */
async function openMonitorRun(db: Kysely<Database>, o: MonitorOptions): Promise<MonitorRun> {
  const started = o.now().toISOString();
  const previous = await closeInterruptedRuns(db, { check: { host: o.host, pid: o.pid, isAlive: o.isAlive }, now: o.now });
  const { id: runId } = await db
    .insertInto('monitor_ejecuciones')
    .values({ iniciada_en: started, host: o.host, pid: o.pid, archivo: o.file, paso: 'lock', resultado: 'running', detalle: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Until it finishes, this row is ours and alive: the load's own sweep must not close it.
  const closeRun = openRun('monitor', runId);
  if (previous.monitorRuns.length + previous.loads.length > 0)
    o.log.write('warning', 'closed runs whose process died', { runId, ...previous });
  const run: MonitorRun = {
    id: runId,
    step: 'lock',
    finish: async (outcome, message, failure = FAILURE_OF[outcome]) => {
      const step = run.step;
      await db
        .updateTable('monitor_ejecuciones')
        .set({ finalizada_en: o.now().toISOString(), paso: step, resultado: outcome, detalle: message })
        .where('id', '=', runId)
        .execute()
        .finally(closeRun);
      const level = outcome === 'sent' ? 'info' : outcome === 'locked' ? 'warning' : 'error';
      o.log.write(level, `monitor ${outcome}`, { runId, step, file: o.file, message });
      if (outcome !== 'sent' && outcome !== 'locked') {
        o.alerts.write('error', `validar-y-enviar: ${message}`, {
          check: `monitor_${outcome}`,
          severity: 'ERROR',
          runId,
          file: o.file,
          step,
        });
      }
      return { outcome, exitCode: MONITOR_EXIT[outcome], step, message, runId, failure };
    },
  };
  return run;
}

interface HeldLocks {
  /** Races a step against the interruption and the loss of a lock. */
  guard: <T>(work: Promise<T>) => Promise<T>;
  takeLoadLock: () => Promise<Awaited<ReturnType<Lock['acquire']>>>;
  /** Stops the load when the run is interrupted (it then rolls back and records itself interrumpida). */
  stopLoad: AbortController;
  loading: Promise<unknown> | null;
  release: () => Promise<void>;
}

/** The run's lock (and, from the load step, the load lock) renewed on a heartbeat until released. */
function holdLocks(o: MonitorOptions): HeldLocks {
  let lost = false;
  let holdsLoadLock = false;
  let released = false;
  const heartbeat = setInterval(() => {
    for (const lock of holdsLoadLock ? [o.lock, o.loadLock!] : [o.lock]) {
      lock.renew().then(
        (ok) => (lost ||= !ok),
        () => (lost = true),
      );
    }
  }, o.heartbeatMs);
  const stopped = o.interrupted.then((reason) => ({ stop: reason }));
  const held: HeldLocks = {
    // Each step races the interruption, so SIGINT/SIGTERM end the run at once (the lock is released after).
    guard: async (work) => {
      const r = await Promise.race([work.then((value) => ({ value })), stopped]);
      if ('stop' in r) throw new Interrupted(r.stop);
      if (lost) throw new Interrupted('the lock was lost (its lease expired and another run took it)');
      return r.value;
    },
    takeLoadLock: async () => {
      const taken = await held.guard(o.loadLock!.acquire());
      holdsLoadLock = taken.acquired;
      return taken;
    },
    stopLoad: new AbortController(),
    loading: null,
    release: async () => {
      clearInterval(heartbeat);
      if (released) return;
      released = true;
      await o.lock.release();
      if (holdsLoadLock) await o.loadLock!.release();
    },
  };
  return held;
}

async function runSteps(db: Kysely<Database>, o: MonitorOptions, run: MonitorRun, held: HeldLocks): Promise<MonitorResult> {
  if (o.holdMs) await held.guard(new Promise((r) => setTimeout(r, o.holdMs)));
  run.step = 'check';
  const file = await checkFile(o.file, o.maxAge, o.now());
  if (!file.ok) return run.finish(file.outcome, file.message);

  run.step = 'load';
  if (o.loadLock) {
    const load = await held.takeLoadLock();
    if (!load.acquired) return run.finish('locked', `another load is in progress: ${describeHolder(load.holder)}`);
  }
  const loaded = loadAndValidate(db, {
    dataDir: dirname(o.file),
    origin: 'monitor',
    alerting: o.alerting,
    validationConfig: o.validationConfig,
    allowDrop: o.allowDrop,
    processCheck: { host: o.host, pid: o.pid, isAlive: o.isAlive },
    signal: held.stopLoad.signal,
  });
  held.loading = loaded;
  const { load, validation } = await held.guard(loaded);
  if (load.status !== 'ok') {
    // A bad file (status error) is the input's fault; a load that could not write is the system's.
    return run.finish(
      'load_failed',
      `the load failed (${load.error.code}): ${load.error.message}`,
      load.status === 'error' ? 'input' : 'system',
    );
  }

  run.step = 'validate';
  const blocking = validation!.results.filter((r) => !r.passed && SEVERITY_RANK[r.severity] >= SEVERITY_RANK[o.failOn]);
  if (blocking.length > 0) {
    return run.finish(
      'validation_failed',
      `not sent: ${blocking.map((r) => `${r.code} (${r.severity})`).join(', ')} failed (validation run ${validation!.id})`,
    );
  }

  run.step = 'send';
  if (!o.s3) return run.finish('send_failed', 'S3 is not configured (S3_BUCKET, AWS_REGION)');
  const upload = await held.guard(
    runUpload(db, o.s3.client, o.s3.config, { what: 'all', gzip: false, dryRun: false, dataDir: dirname(o.file), log: o.log }),
  );
  if (upload.status !== 'ok') {
    const failed = upload.error?.message ?? `${upload.objects.filter((x) => x.status === 'failed').length} object(s) failed`;
    return run.finish('send_failed', `upload ${upload.runId}: ${failed}`);
  }
  run.step = 'done';
  const sent = upload.objects.filter((x) => x.status === 'uploaded').length;
  return run.finish(
    'sent',
    `${basename(o.file)} validated (${validation!.status}) and sent: ${sent} uploaded, ${upload.objects.length - sent} already present`,
  );
}

/** Stops the load, releases the locks, then records the run as interrupted within a bounded time. */
async function stopInterrupted(o: MonitorOptions, run: MonitorRun, held: HeldLocks, err: Interrupted): Promise<MonitorResult> {
  held.stopLoad.abort(new Error(err.message));
  // Release first: the interrupted step may still hold the database (its transaction dies with the
  // process), so recording the run is attempted but never allowed to keep the lock.
  await held.release();
  // The load sees the abort at its next batch; give it a bounded time to roll back and record itself
  // (past that the process exits anyway: its load stays en_curso until the next run closes it).
  if (held.loading) await Promise.race([held.loading.catch(() => {}), new Promise((r) => setTimeout(r, LOAD_STOP_WAIT_MS).unref())]);
  const step = run.step;
  const timeout = new Promise<MonitorResult>((resolve) =>
    setTimeout(
      () =>
        resolve({ outcome: 'interrupted', exitCode: MONITOR_EXIT.interrupted, step, message: err.message, runId: run.id, failure: null }),
      2_000,
    ).unref(),
  );
  return await Promise.race([run.finish('interrupted', `stopped at step ${step}: ${err.message}`), timeout]);
}

class Interrupted extends Error {}

/** How long an interrupted run waits for its load to roll back before it exits regardless. */
const LOAD_STOP_WAIT_MS = 10_000;
