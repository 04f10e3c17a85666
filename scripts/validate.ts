// CLI: `npm run validate -- [--as-of YYYY-MM-DD] [--fail-on warning|error|critical] [--json]`.
// Exit codes: 0 no failed check at or above --fail-on, 1 some, 2 the checks cannot run (no database, pending
// migrations, bad arguments), 12 cannot connect to the database (or open its file).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import { openDatabase, resolveDatabaseTarget } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { UNREACHABLE_EXIT_CODE, isUnreachable } from '../src/db/unreachable.ts';
import { isIsoDate } from '../src/dates/iso-date.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { readValidationConfig } from '../src/validation/config.ts';
import { formatReport } from '../src/validation/format-report.ts';
import { SEVERITY_RANK } from '../src/validation/run-status.ts';
import { validateAndAlert } from '../src/jobs/validate-and-alert.ts';
import type { Severity } from '../src/validation/types.ts';

const json = process.argv.includes('--json');
function cannotRun(code: string, message: string, exitCode = 2): never {
  if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code, message } }) + '\n');
  else console.error(`error: ${message}`);
  process.exit(exitCode);
}

let values;
try {
  values = parseArgs({
    options: { 'as-of': { type: 'string' }, 'fail-on': { type: 'string', default: 'error' }, json: { type: 'boolean', default: false } },
  }).values;
} catch (err) {
  cannotRun('usage', (err as Error).message);
}
const failOn = values['fail-on']!.toUpperCase() as Severity;
if (!(failOn in SEVERITY_RANK)) cannotRun('usage', `--fail-on must be warning, error or critical, got "${values['fail-on']}"`);
const asOf = values['as-of'];
if (asOf !== undefined && !isIsoDate(asOf)) cannotRun('usage', `--as-of must be a date YYYY-MM-DD, got "${asOf}"`);

let db;
try {
  db = openDatabase(undefined, { mustExist: true });
} catch (err) {
  // A missing SQLite file is a database not built yet; any other failure to open it (corrupt, unreadable) is not.
  if (!existsSync(resolveDatabaseTarget().display)) {
    cannotRun('no_database', `no database at ${resolveDatabaseTarget().display}: run \`npm run migrate\` and \`npm run seed\` first`);
  }
  cannotRun(isUnreachable(err) ? err.code : 'internal_error', (err as Error).message, isUnreachable(err) ? UNREACHABLE_EXIT_CODE : 2);
}
try {
  const { pending } = await migrationState(db);
  if (pending.length > 0) cannotRun('pending_migrations', `the database has pending migrations (${pending.join(', ')}): run \`npm run migrate\``);
  const run = await validateAndAlert(db, {
    asOf,
    config: readValidationConfig(),
    origin: 'cli',
    alerts: openJsonLog('alertas.log', 'validation'),
    alerting: alertingFromEnvironment(db),
  });
  const gate = run.results.some((r) => !r.passed && SEVERITY_RANK[r.severity] >= SEVERITY_RANK[failOn]);
  if (json) process.stdout.write(JSON.stringify(run) + '\n');
  else console.log(formatReport(run, process.stdout.isTTY === true));
  process.exitCode = gate ? 1 : 0;
} catch (err) {
  if (isUnreachable(err)) cannotRun(err.code, err.message, UNREACHABLE_EXIT_CODE);
  cannotRun('internal_error', (err as Error).message);
} finally {
  await db.destroy();
}
