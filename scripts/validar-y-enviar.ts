// CLI: `npm run validar-y-enviar -- [--file data/ventas.csv] [--max-age 24h|today] [--lock file|db] [--fail-on ...] [--allow-drop] [--json]`.
// One scheduled run: lock, check the file, load and validate it, send it to S3, release the lock in every case.
// Exit codes (the shared table, src/process/exit-codes.ts; MONITOR_EXIT in src/jobs/monitor-run.ts maps outcomes onto it): (0 sent, 3 locked, 4 missing, 5 unreadable, 6 stale,
// 7 load failed, 8 validation failed, 9 send failed, 10 interrupted, 11 circuit breaker open, 12 cannot connect to
// the database, 1 internal error, 2 usage).
import '../src/cli/load-env.ts';
import { resolve } from 'node:path';
import { finishMonitorJob } from '../src/jobs/finish-job.ts';
import { jobMayStart } from '../src/jobs/job-guard.ts';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import type { CommandSpec } from '../src/cli/command-spec.ts';
import { parseCommand } from '../src/cli/parse-args.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { isUnreachable } from '../src/db/unreachable.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { DatabaseLock } from '../src/process/locks/db-lock.ts';
import { FileLock } from '../src/process/locks/file-lock.ts';
import { parseMaxAge } from '../src/monitor/freshness.ts';
import { defaultLockDeps, type Lock } from '../src/process/locks/lock.ts';
import { MONITOR_EXIT, runMonitor } from '../src/jobs/monitor-run.ts';
import { EXIT } from '../src/process/exit-codes.ts';
import { loadLock } from '../src/jobs/load-lock.ts';
import { createS3Client } from '../src/s3/s3-client.ts';
import { readS3Config } from '../src/s3/s3-config.ts';
import { readValidationConfig } from '../src/validation/read-config.ts';
import type { Severity } from '../src/validation/types.ts';

const SPEC: CommandSpec = {
  name: 'validar-y-enviar',
  summary:
    'The scheduled job: takes the lock, checks the file, loads and validates its folder, sends it to S3, releases the lock in every case.',
  options: {
    file: {
      type: 'string',
      default: 'data/ventas.csv',
      value: 'FILE',
      description: 'the file whose presence and age are checked; its folder is loaded',
    },
    'max-age': {
      type: 'string',
      default: '24h',
      value: '24h|90m|2d|today',
      description: 'how old the file may be (today: in MONITOR_TIMEZONE)',
    },
    lock: {
      type: 'string',
      default: 'file',
      value: 'file|db',
      description: 'a lock file, or a row in the database (shared by several machines)',
    },
    'lock-file': {
      type: 'string',
      default: process.env.MONITOR_LOCK_FILE ?? 'locks/validar-y-enviar.lock',
      value: 'PATH',
      description: 'the lock file of --lock file',
    },
    'lease-seconds': {
      type: 'string',
      default: process.env.MONITOR_LEASE_SECONDS ?? '60',
      value: 'N',
      description: "the lock's lease, renewed while the run lives",
    },
    'fail-on': {
      type: 'string',
      default: process.env.MONITOR_FAIL_ON ?? 'critical',
      value: 'warning|error|critical',
      description: 'the lowest severity whose failure stops the send',
    },
    'allow-drop': {
      type: 'boolean',
      default: false,
      description: 'accept a file that lost rows against the previous load (row_count_drop)',
    },
    json: { type: 'boolean', default: false, description: 'print the result as one JSON object on stdout' },
  },
  exits: {
    ok: 'validated and sent',
    failed: 'internal error',
    usage: 'bad arguments or configuration, pending migrations',
    locked: 'another live run holds the lock, or another load holds the load lock',
    missing_file: '',
    unreadable_file: '',
    stale_file: '',
    load_failed: 'the load refused the files (bad input, row_count_drop without --allow-drop)',
    validation_failed: '',
    send_failed: 'sending failed (see npm run upload -- --failed)',
    interrupted: 'stopped by SIGINT or SIGTERM: load rolled back, recorded interrumpida',
    breaker_open: "refused by the monitor's open circuit breaker",
    database_unreachable: 'cannot connect to the database: nothing run, no lock taken',
  },
  jsonErrors: 'outcome',
};

const { values, out } = parseCommand<{
  file: string;
  'max-age': string;
  lock: string;
  'lock-file': string;
  'lease-seconds': string;
  'fail-on': string;
  'allow-drop': boolean;
  json: boolean;
}>(SPEC);
const json = values.json;
function usage(message: string, outcome: 'usage' | 'database_unreachable' = 'usage'): never {
  return out.fail(outcome, message, MONITOR_EXIT[outcome]);
}

let maxAge;
let validationConfig;
try {
  maxAge = parseMaxAge(values['max-age'], process.env.MONITOR_TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  validationConfig = readValidationConfig();
} catch (err) {
  usage((err as Error).message);
}
if (values.lock !== 'file' && values.lock !== 'db') usage(`--lock must be file or db, got "${values.lock}"`);
const failOn = values['fail-on'].toUpperCase() as Severity;
if (!['WARNING', 'ERROR', 'CRITICAL'].includes(failOn)) usage(`--fail-on must be warning, error or critical`);
const leaseMs = Number(values['lease-seconds']) * 1000;
if (!(leaseMs >= 1000)) usage('--lease-seconds must be at least 1');

let db;
let lockDb;
let pending;
try {
  db = openDatabase();
  // The database lock gets a connection of its own, so releasing it never waits behind a load's transaction.
  lockDb = values.lock === 'db' ? openDatabase() : null;
  ({ pending } = await migrationState(db));
} catch (err) {
  // A database that cannot be reached is told apart from one that is behind (below): nothing ran, no lock taken.
  if (!isUnreachable(err)) throw err;
  usage(err.message, 'database_unreachable');
}
if (pending.length > 0) usage(`the database has pending migrations (${pending.join(', ')}): run \`npm run migrate\``);

const deps = defaultLockDeps(leaseMs);
const lock: Lock = lockDb ? new DatabaseLock(lockDb, 'validar-y-enviar', deps) : new FileLock(resolve(values['lock-file']!), deps);
// The load step also takes the database's load lock, so a seed or an API reload running meanwhile is met
// with `locked` (exit 3) at once, not a busy database after a timeout. Same lease, same heartbeat as the run's.
const loads = loadLock(process.env.DATABASE_URL, { ...deps, token: `${deps.token}-load` });
let s3 = null;
try {
  const config = readS3Config();
  s3 = { config, client: createS3Client(config) };
} catch {
  s3 = null; // reported as a send failure, after the checks, so the file is still validated
}

const alerting = alertingFromEnvironment(db);
const gate = await jobMayStart(alerting, 'monitor');
if (!gate.allowed) {
  if (json) process.stdout.write(JSON.stringify({ outcome: 'breaker_open', exitCode: EXIT.breaker_open, message: gate.message }) + '\n');
  else console.error(`breaker_open: ${gate.message}`);
  process.exit(EXIT.breaker_open);
}

let interrupt: (reason: string) => void = () => {};
const interrupted = new Promise<string>((resolve) => (interrupt = resolve));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => interrupt(`received ${signal}`));

const result = await runMonitor(db, {
  file: values.file!,
  maxAge,
  failOn,
  lock,
  loadLock: loads.lock,
  now: deps.now,
  host: deps.host,
  pid: deps.pid,
  isAlive: deps.isAlive,
  s3,
  alerts: openJsonLog('alertas.log', 'monitor'),
  log: openJsonLog('monitor.log', 'monitor'),
  interrupted,
  heartbeatMs: Math.max(leaseMs / 3, 250),
  holdMs: Number(process.env.MONITOR_TEST_HOLD_MS ?? 0),
  alerting,
  validationConfig,
  allowDrop: values['allow-drop']!,
});
await finishMonitorJob(alerting, result);
if (json) process.stdout.write(JSON.stringify(result) + '\n');
else (result.exitCode === 0 ? console.log : console.error)(`${result.outcome}: ${result.message}`);
s3?.client.destroy();
// An interrupted load may still hold the database: exit without waiting for it (its transaction rolls back).
if (result.outcome === 'interrupted') process.exit(result.exitCode);
await loads.close();
await lockDb?.destroy();
await db.destroy();
process.exitCode = result.exitCode;
