// CLI: `npm run validate -- [--as-of YYYY-MM-DD] [--fail-on warning|error|critical] [--json]`
//   [--checks FILE] [--check NAME] [--lint]   (declared checks, issue 16: see the block below).
// Exit codes: 0 no failed check at or above --fail-on, 1 some, 2 the checks cannot run (no database, pending
// migrations, bad arguments), 12 cannot connect to the database (or open its file).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import { openDatabase, resolveDatabaseTarget } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { UNREACHABLE_EXIT_CODE, isUnreachable } from '../src/db/unreachable.ts';
import { parseDate } from '../src/etl/parse-date.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { readValidationConfig } from '../src/validation/config.ts';
import { formatReport } from '../src/validation/format-report.ts';
import { SEVERITY_RANK } from '../src/validation/run-status.ts';
import { runValidation } from '../src/validation/run-validation.ts';
import { ALL_CHECKS } from '../src/validation/checks/index.ts';
import { DECLARED_CHECK_FLAGS, lintReport } from '../src/validation/declared/lint-report.ts';
import { planChecks } from '../src/validation/declared/plan.ts';
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
    options: {
      'as-of': { type: 'string' },
      'fail-on': { type: 'string', default: 'error' },
      json: { type: 'boolean', default: false },
      ...DECLARED_CHECK_FLAGS,
    },
  }).values;
} catch (err) {
  cannotRun('usage', (err as Error).message);
}
const failOn = values['fail-on']!.toUpperCase() as Severity;
if (!(failOn in SEVERITY_RANK)) cannotRun('usage', `--fail-on must be warning, error or critical, got "${values['fail-on']}"`);
const asOf = values['as-of'];
if (asOf !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && parseDate(asOf).ok)) cannotRun('usage', `--as-of must be a date YYYY-MM-DD, got "${asOf}"`);

// --- Declared checks (config/checks.yml): --checks FILE, --lint (the file alone, exit 2 on errors), --check NAME.
const config = readValidationConfig(undefined, { checksFile: values.checks });
if (values.lint) {
  const lint = lintReport(config.checksFile!);
  if (json) process.stdout.write(JSON.stringify(lint.json) + '\n');
  else (lint.exitCode === 0 ? console.log : console.error)(lint.text);
  process.exit(lint.exitCode);
}
// A bad file is told before anything runs; the run goes on with the built-in checks and a failed checks_file.
if (config.checksFile!.errors.length > 0 && !json) console.error(lintReport(config.checksFile!).text);
const only = values.check;
if (only !== undefined) {
  const codes = planChecks(ALL_CHECKS, config).map((c) => c.code);
  if (!codes.includes(only)) cannotRun('usage', `--check: no check named "${only}" (checks: ${codes.join(', ')})`);
}
// --- end of declared checks

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
  const run = await runValidation(db, {
    asOf,
    config,
    origin: 'cli',
    // One check on its own (--check) is a try-out: printed, not stored nor alerted.
    ...(only !== undefined ? { only, persist: false } : {}),
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
