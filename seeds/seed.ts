// CLI: `npm run seed -- [--data-dir DIR] [--as-of YYYY-MM-DD] [--allow-drop] [--json]` loads the four CSV
// files, then validates what it loaded. Exit codes: 0 loaded, 2 bad input (data tables unchanged; also a
// file under minRowShareOfPrevious of the previous load, unless --allow-drop), 1 internal error or pending
// migrations, 3 another load holds the load lock (nothing done), 10 stopped by SIGTERM/SIGINT (rolled back,
// recorded as interrumpida), 11 refused by the load job's open circuit breaker, 12 cannot connect to the
// database. The API's reload runs this very command as a child process (`--origin api`).
import { parseArgs } from 'node:util';
import { finishLoadJob } from '../src/jobs/finish-job.ts';
import { BREAKER_EXIT_CODE, jobMayStart } from '../src/jobs/job-guard.ts';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { UNREACHABLE_EXIT_CODE, isUnreachable } from '../src/db/unreachable.ts';
import { formatSummary } from '../src/etl/format-summary.ts';
import { PendingMigrationsError } from '../src/etl/load.ts';
import { loadAndValidate } from '../src/jobs/load-and-validate.ts';
import { isIsoDate } from '../src/dates/iso-date.ts';
import { terminalProgress } from '../src/etl/progress.ts';
import { LOAD_IN_PROGRESS_EXIT_CODE, inProgressMessage, loadLock, publicHolder } from '../src/jobs/load-lock.ts';
import { withLock } from '../src/jobs/with-lock.ts';
import { readValidationConfig } from '../src/validation/config.ts';

/** Stopped by a signal: the same code as the monitor's `interrupted`. */
const INTERRUPTED_EXIT_CODE = 10;

function fail(json: boolean, code: string, message: string, exitCode: number): never {
  if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code, message } }) + '\n');
  else console.error(`error: ${message}`);
  process.exit(exitCode);
}

let args;
try {
  args = parseArgs({
    options: {
      'data-dir': { type: 'string', default: 'data' },
      'as-of': { type: 'string' },
      'allow-drop': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      // Who asked, recorded as the validation run's origin: `api` when the server's reload runs the seed.
      origin: { type: 'string', default: 'seed' },
    },
  }).values;
} catch (err) {
  fail(process.argv.includes('--json'), 'usage', (err as Error).message, 2);
}
const json = args.json!;
const dataDir = args['data-dir']!;
const asOf = args['as-of'];
if (asOf !== undefined && !isIsoDate(asOf)) {
  fail(json, 'usage', `--as-of must be a date YYYY-MM-DD, got "${asOf}"`, 2);
}
const origin = args.origin!;
if (origin !== 'seed' && origin !== 'api') fail(json, 'usage', `--origin must be seed or api, got "${origin}"`, 2);

// SIGTERM/SIGINT: the load stops at its next batch, rolls back and records itself `interrumpida`; the
// process then ends on its own (no worker left). A second signal exits at once: the load row is then left
// `en_curso`, and the next load, validation or server start closes it (its process is gone).
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
    stop.abort(new Error(`received ${signal}`));
  });
}

let db;
let lockHandle;
try {
  db = openDatabase();
  const { pending } = await migrationState(db);
  if (pending.length > 0) throw new PendingMigrationsError(pending);
  const alerting = alertingFromEnvironment(db);
  const gate = await jobMayStart(alerting, 'load');
  if (!gate.allowed) {
    if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code: 'breaker_open', message: gate.message } }) + '\n');
    else console.error(`error: ${gate.message}`);
    process.exit(BREAKER_EXIT_CODE);
  }
  lockHandle = loadLock(process.env.DATABASE_URL);
  const loadDb = db;
  const held = await withLock(lockHandle.lock, lockHandle.heartbeatMs, (lost) =>
    loadAndValidate(loadDb, {
      dataDir,
      asOf,
      progress: terminalProgress(),
      origin,
      alerting,
      validationConfig: readValidationConfig(),
      allowDrop: args['allow-drop'],
      signal: AbortSignal.any([stop.signal, lost]),
    }),
  );
  if (!held.acquired) {
    // Refused before anything was written: not a failure of the load job (the breaker is left alone).
    const message = `${inProgressMessage(held.holder)}; try again when it has finished`;
    if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code: 'load_in_progress', message, holder: publicHolder(held.holder) } }) + '\n');
    else console.error(`error: ${message}`);
    process.exitCode = LOAD_IN_PROGRESS_EXIT_CODE;
  } else {
    const { load, validation, timings } = held.value;
    await finishLoadJob(alerting, load);
    if (json) {
      const body =
        load.status === 'ok'
          ? { status: 'ok', loadId: load.loadId, asOf: load.asOf, files: load.files, validation: { runId: validation!.id, status: validation!.status }, timings }
          : load.status === 'interrupted'
            ? { status: 'interrupted', loadId: load.loadId, error: load.error }
            : { status: 'error', loadId: load.loadId, error: load.error };
      process.stdout.write(JSON.stringify(body) + '\n');
    } else if (load.status === 'ok') {
      console.log(formatSummary(load, dataDir));
      const failed = validation!.results.filter((r) => !r.passed).map((r) => `${r.code} (${r.severity})`);
      console.log(`Validation run ${validation!.id}: ${validation!.status}${failed.length ? ` - failed: ${failed.join(', ')}` : ''}; details: npm run validate`);
    } else {
      console.error(formatSummary(load, dataDir));
    }
    process.exitCode = { ok: 0, error: 2, failed: 1, interrupted: INTERRUPTED_EXIT_CODE }[load.status];
  }
} catch (err) {
  const e = err as Error & { code?: string };
  if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code: e.code ?? 'internal_error', message: e.message } }) + '\n');
  else console.error(`error: ${e.message}`);
  process.exitCode = isUnreachable(err) ? UNREACHABLE_EXIT_CODE : 1;
} finally {
  await lockHandle?.close();
  await db?.destroy();
}
