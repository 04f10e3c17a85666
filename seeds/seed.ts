// CLI: `npm run seed -- [--data-dir DIR] [--as-of YYYY-MM-DD] [--allow-drop] [--json]` loads the four CSV
// files, then validates what it loaded. Exit codes (the shared table, src/process/exit-codes.ts): 0 loaded, 2 bad
// input (data tables unchanged; also a file under minRowShareOfPrevious of the previous load, unless
// --allow-drop) or pending migrations, 1 internal error, 3 another load holds the load lock (nothing done),
// 10 stopped by SIGTERM/SIGINT (rolled back, recorded as interrumpida), 11 refused by the load job's open
// circuit breaker, 12 cannot connect to the database. The API's reload runs this very command as a child
// process (`--origin api`).
import '../src/cli/load-env.ts';
import { finishLoadJob } from '../src/jobs/finish-job.ts';
import { jobMayStart } from '../src/jobs/job-guard.ts';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import type { CommandSpec } from '../src/cli/command-spec.ts';
import { EXIT } from '../src/process/exit-codes.ts';
import { parseCommand } from '../src/cli/parse-args.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { isUnreachable } from '../src/db/unreachable.ts';
import { formatSummary } from '../src/etl/format-summary.ts';
import { PendingMigrationsError } from '../src/etl/load.ts';
import { loadAndValidate } from '../src/jobs/load-and-validate.ts';
import { isIsoDate } from '../src/dates/iso-date.ts';
import { terminalProgress } from '../src/etl/progress.ts';
import { inProgressMessage, loadLock, publicHolder } from '../src/jobs/load-lock.ts';
import { withLock } from '../src/jobs/with-lock.ts';
import { readValidationConfig } from '../src/validation/read-config.ts';

const SPEC: CommandSpec = {
  name: 'seed',
  summary:
    'Loads the four CSV files of DIR (productos, clientes, ventas, inventario) in one transaction that replaces the previous load, then validates what it loaded.',
  options: {
    'data-dir': { type: 'string', default: 'data', value: 'DIR', description: 'the folder of the four CSV files' },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: 'the as-of date of the load (default: today)' },
    'allow-drop': {
      type: 'boolean',
      default: false,
      description: 'accept a file that lost rows against the previous load (row_count_drop)',
    },
    json: { type: 'boolean', default: false, description: 'print exactly one JSON object on stdout' },
    // Who asked, recorded as the validation run's origin: `api` when the server's reload runs the seed.
    origin: { type: 'string', default: 'seed', value: 'seed|api', description: "the validation run's origin", hidden: true },
  },
  exits: {
    ok: 'loaded (quarantined rows are normal)',
    failed: 'internal error (rolled back)',
    usage: 'bad input (data tables unchanged; row_count_drop included), bad arguments, pending migrations',
    locked: 'another load holds the load lock: nothing written',
    interrupted: 'stopped by SIGINT or SIGTERM: rolled back, recorded as interrumpida',
    breaker_open: "refused by the load job's open circuit breaker",
    database_unreachable: '',
  },
};

const { values: args, out } = parseCommand<{ 'data-dir': string; 'as-of'?: string; 'allow-drop': boolean; json: boolean; origin: string }>(
  SPEC,
);
const json = args.json;
const dataDir = args['data-dir'];
const asOf = args['as-of'];
if (asOf !== undefined && !isIsoDate(asOf)) {
  out.fail('usage', `--as-of must be a date YYYY-MM-DD, got "${asOf}"`, EXIT.usage);
}
const origin = args.origin;
if (origin !== 'seed' && origin !== 'api') out.fail('usage', `--origin must be seed or api, got "${origin}"`, EXIT.usage);

// SIGTERM/SIGINT: the load stops at its next batch, rolls back and records itself `interrumpida`; the
// process then ends on its own (no worker left). A second signal exits at once: the load row is then left
// `en_curso`, and the next load, validation or server start closes it (its process is gone).
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(EXIT.interrupted);
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
  if (!gate.allowed) out.fail('breaker_open', gate.message, EXIT.breaker_open);
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
    if (json)
      process.stdout.write(
        JSON.stringify({ status: 'error', error: { code: 'load_in_progress', message, holder: publicHolder(held.holder) } }) + '\n',
      );
    else console.error(`error: ${message}`);
    process.exitCode = EXIT.locked;
  } else {
    const { load, validation, timings } = held.value;
    await finishLoadJob(alerting, load);
    if (json) {
      const body =
        load.status === 'ok'
          ? {
              status: 'ok',
              loadId: load.loadId,
              asOf: load.asOf,
              files: load.files,
              validation: { runId: validation!.id, status: validation!.status },
              timings,
            }
          : load.status === 'interrupted'
            ? { status: 'interrupted', loadId: load.loadId, error: load.error }
            : { status: 'error', loadId: load.loadId, error: load.error };
      process.stdout.write(JSON.stringify(body) + '\n');
    } else if (load.status === 'ok') {
      console.log(formatSummary(load, dataDir));
      const failed = validation!.results.filter((r) => !r.passed).map((r) => `${r.code} (${r.severity})`);
      console.log(
        `Validation run ${validation!.id}: ${validation!.status}${failed.length ? ` - failed: ${failed.join(', ')}` : ''}; details: npm run validate`,
      );
    } else {
      console.error(formatSummary(load, dataDir));
    }
    process.exitCode = { ok: EXIT.ok, error: EXIT.usage, failed: EXIT.failed, interrupted: EXIT.interrupted }[load.status];
  }
} catch (err) {
  const e = err as Error & { code?: string };
  if (json)
    process.stdout.write(JSON.stringify({ status: 'error', error: { code: e.code ?? 'internal_error', message: e.message } }) + '\n');
  else console.error(`error: ${e.message}`);
  // Pending migrations are the user's to fix (`npm run migrate`): a usage error, as in validate and upload.
  process.exitCode = isUnreachable(err) ? EXIT.database_unreachable : err instanceof PendingMigrationsError ? EXIT.usage : EXIT.failed;
} finally {
  await lockHandle?.close();
  await db?.destroy();
}
