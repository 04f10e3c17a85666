// validar y enviar: take the lock, check the file, load and validate it, send it on, release the lock in
// every case. Each step's outcome is a value with its exit code; the run is recorded for the API.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, basename } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Kysely } from 'kysely';
import type { AlertingDeps } from '../alerting/alert-engine.ts';
import type { Database } from '../db/tables.ts';
import { loadAndValidate } from '../etl/load-and-validate.ts';
import type { JsonLog } from '../log/json-log.ts';
import { closeInterruptedRuns } from '../process/interrupted-runs.ts';
import { openRun } from '../process/open-runs.ts';
import type { S3Config } from '../s3/s3-config.ts';
import { runUpload } from '../s3/upload-run.ts';
import type { ValidationConfig } from '../validation/config.ts';
import { SEVERITY_RANK } from '../validation/run-status.ts';
import type { Severity } from '../validation/types.ts';
import { type MaxAge, isFresh } from './freshness.ts';
import { type Lock, describeHolder } from '../process/locks/lock.ts';

export const EXIT = {
  sent: 0,
  error: 1,
  usage: 2,
  locked: 3,
  missing_file: 4,
  unreadable_file: 5,
  stale_file: 6,
  load_failed: 7,
  validation_failed: 8,
  send_failed: 9,
  interrupted: 10,
  breaker_open: 11,
  database_unreachable: 12,
} as const;
export type Outcome = keyof typeof EXIT;

export interface MonitorResult {
  outcome: Outcome;
  exitCode: number;
  step: string;
  message: string;
  runId: number | null;
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

export async function runMonitor(db: Kysely<Database>, o: MonitorOptions): Promise<MonitorResult> {
  const started = o.now().toISOString();
  const previous = await closeInterruptedRuns(db, { check: { host: o.host, pid: o.pid, isAlive: o.isAlive }, now: o.now });
  const { id: runId } = await db
    .insertInto('monitor_ejecuciones')
    .values({ iniciada_en: started, host: o.host, pid: o.pid, archivo: o.file, paso: 'lock', resultado: 'running', detalle: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Until it finishes, this row is ours and alive: the load's own sweep must not close it.
  const closeRun = openRun('monitor', runId);
  if (previous.monitorRuns.length + previous.loads.length > 0) o.log.write('warning', 'closed runs whose process died', { runId, ...previous });
  let step = 'lock';
  const finish = async (outcome: Outcome, message: string): Promise<MonitorResult> => {
    await db
      .updateTable('monitor_ejecuciones')
      .set({ finalizada_en: o.now().toISOString(), paso: step, resultado: outcome, detalle: message })
      .where('id', '=', runId)
      .execute()
      .finally(closeRun);
    const level = outcome === 'sent' ? 'info' : outcome === 'locked' ? 'warning' : 'error';
    o.log.write(level, `monitor ${outcome}`, { runId, step, file: o.file, message });
    if (outcome !== 'sent' && outcome !== 'locked') {
      o.alerts.write('error', `validar-y-enviar: ${message}`, { check: `monitor_${outcome}`, severity: 'ERROR', runId, file: o.file, step });
    }
    return { outcome, exitCode: EXIT[outcome], step, message, runId };
  };

  let taken: Awaited<ReturnType<Lock['acquire']>>;
  try {
    taken = await o.lock.acquire();
  } catch (err) {
    return finish('error', `the lock could not be taken: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!taken.acquired) return finish('locked', `another run holds the lock: ${describeHolder(taken.holder)}`);
  if (taken.tookOverFrom) o.log.write('warning', 'took over a stale lock', { runId, previous: taken.tookOverFrom });

  let lost = false;
  let holdsLoadLock = false;
  const heartbeat = setInterval(() => {
    for (const lock of holdsLoadLock ? [o.lock, o.loadLock!] : [o.lock]) {
      lock.renew().then(
        (ok) => (lost ||= !ok),
        () => (lost = true),
      );
    }
  }, o.heartbeatMs);
  const stopped = o.interrupted.then((reason) => ({ stop: reason }));
  // An interrupted run also stops its load, which then rolls back and records itself interrumpida.
  const stopLoad = new AbortController();
  let loading: Promise<unknown> | null = null;
  // Each step races the interruption, so SIGINT/SIGTERM end the run at once (the lock is released below).
  const guard = async <T>(work: Promise<T>): Promise<T> => {
    const r = await Promise.race([work.then((value) => ({ value })), stopped]);
    if ('stop' in r) throw new Interrupted(r.stop);
    if (lost) throw new Interrupted('the lock was lost (its lease expired and another run took it)');
    return r.value;
  };

  try {
    if (o.holdMs) await guard(new Promise((r) => setTimeout(r, o.holdMs)));
    step = 'check';
    const info = await stat(o.file).catch(() => null);
    if (!info) return await finish('missing_file', `${o.file} does not exist`);
    const readable = info.isFile() && (await access(o.file, constants.R_OK).then(() => true, () => false));
    if (!readable) return await finish('unreadable_file', `${o.file} is not a readable file`);
    if (!isFresh(info, o.maxAge, o.now())) {
      const limit = o.maxAge.kind === 'today' ? `today (${o.maxAge.timeZone})` : `within ${o.maxAge.text}`;
      return await finish('stale_file', `${o.file} was last modified ${info.mtime.toISOString()}, not ${limit}`);
    }

    step = 'load';
    if (o.loadLock) {
      const load = await guard(o.loadLock.acquire());
      if (!load.acquired) return await finish('locked', `another load is in progress: ${describeHolder(load.holder)}`);
      holdsLoadLock = true;
    }
    const loaded = loadAndValidate(db, {
      dataDir: dirname(o.file),
      origin: 'monitor',
      alerting: o.alerting,
      validationConfig: o.validationConfig,
      allowDrop: o.allowDrop,
      processCheck: { host: o.host, pid: o.pid, isAlive: o.isAlive },
      signal: stopLoad.signal,
    });
    loading = loaded;
    const { load, validation } = await guard(loaded);
    if (load.status !== 'ok') return await finish('load_failed', `the load failed (${load.error.code}): ${load.error.message}`);

    step = 'validate';
    const blocking = validation!.results.filter((r) => !r.passed && SEVERITY_RANK[r.severity] >= SEVERITY_RANK[o.failOn]);
    if (blocking.length > 0) {
      return await finish('validation_failed', `not sent: ${blocking.map((r) => `${r.code} (${r.severity})`).join(', ')} failed (validation run ${validation!.id})`);
    }

    step = 'send';
    if (!o.s3) return await finish('send_failed', 'S3 is not configured (S3_BUCKET, AWS_REGION)');
    const upload = await guard(runUpload(db, o.s3.client, o.s3.config, { what: 'all', gzip: false, dryRun: false, dataDir: dirname(o.file), log: o.log }));
    if (upload.status !== 'ok') {
      const failed = upload.error?.message ?? `${upload.objects.filter((x) => x.status === 'failed').length} object(s) failed`;
      return await finish('send_failed', `upload ${upload.runId}: ${failed}`);
    }
    step = 'done';
    const sent = upload.objects.filter((x) => x.status === 'uploaded').length;
    return await finish('sent', `${basename(o.file)} validated (${validation!.status}) and sent: ${sent} uploaded, ${upload.objects.length - sent} already present`);
  } catch (err) {
    if (err instanceof Interrupted) {
      stopLoad.abort(new Error(err.message));
      // Release first: the interrupted step may still hold the database (its transaction dies with the
      // process), so recording the run is attempted but never allowed to keep the lock.
      clearInterval(heartbeat);
      await o.lock.release();
      if (holdsLoadLock) await o.loadLock!.release();
      // The load sees the abort at its next batch; give it a bounded time to roll back and record itself
      // (past that the process exits anyway: its load stays en_curso until the next run closes it).
      if (loading) await Promise.race([loading.catch(() => {}), new Promise((r) => setTimeout(r, LOAD_STOP_WAIT_MS).unref())]);
      const timeout = new Promise<MonitorResult>((resolve) =>
        setTimeout(() => resolve({ outcome: 'interrupted', exitCode: EXIT.interrupted, step, message: err.message, runId }), 2_000).unref(),
      );
      return await Promise.race([finish('interrupted', `stopped at step ${step}: ${err.message}`), timeout]);
    }
    return await finish('error', `internal error at step ${step}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearInterval(heartbeat);
    await o.lock.release();
    if (holdsLoadLock) await o.loadLock!.release();
  }
}

class Interrupted extends Error {}

/** How long an interrupted run waits for its load to roll back before it exits regardless. */
const LOAD_STOP_WAIT_MS = 10_000;
