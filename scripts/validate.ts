// CLI: `npm run validate -- [--as-of YYYY-MM-DD] [--fail-on warning|error|critical] [--json]`
//   [--checks FILE] [--check NAME] [--lint]   (declared checks: config/checks.yml).
// Exit codes (the shared table, src/process/exit-codes.ts): 0 no failed check at or above --fail-on, 1 some (the
// closing line names them), 2 the checks cannot run (no database, pending migrations, bad arguments), 12 cannot
// connect to the database (or open its file).
import '../src/cli/load-env.ts';
import { existsSync } from 'node:fs';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import type { CommandSpec } from '../src/cli/command-spec.ts';
import { EXIT } from '../src/process/exit-codes.ts';
import { failOnGate, gateLine } from '../src/cli/fail-on-gate.ts';
import { parseCommand } from '../src/cli/parse-args.ts';
import { openDatabase, resolveDatabaseTarget } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { isUnreachable } from '../src/db/unreachable.ts';
import { isIsoDate } from '../src/dates/iso-date.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { readValidationConfig } from '../src/validation/read-config.ts';
import { formatReport } from '../src/validation/format-report.ts';
import { SEVERITY_RANK } from '../src/validation/run-status.ts';
import { validateAndAlert } from '../src/jobs/validate-and-alert.ts';
import type { Severity } from '../src/validation/types.ts';
import { ALL_CHECKS } from '../src/validation/checks/index.ts';
import { lintReport } from '../src/validation/declared/lint-report.ts';
import { planChecks } from '../src/validation/declared/plan.ts';

const SPEC: CommandSpec = {
  name: 'validate',
  summary:
    'Runs every data-quality check against the loaded data, stores the run and prints the report; the last line names the checks that decided the exit code.',
  options: {
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: "the date future dates are judged against (default: the load's)" },
    'fail-on': {
      type: 'string',
      default: 'error',
      value: 'warning|error|critical',
      description: 'the lowest severity whose failure exits 1',
    },
    json: { type: 'boolean', default: false, description: 'print the run as one JSON object on stdout (the closing line goes to stderr)' },
    checks: { type: 'string', value: 'FILE', description: 'the declared-checks file (default: CHECKS_FILE or config/checks.yml)' },
    check: { type: 'string', value: 'NAME', description: 'run this one check only: printed, not stored nor alerted' },
    lint: { type: 'boolean', default: false, description: 'check the declared-checks file alone, without a database (exit 2 on errors)' },
  },
  exits: {
    ok: 'no failed check at or above --fail-on',
    failed: 'at least one failed check at or above --fail-on',
    usage: 'the checks cannot run: no database, pending migrations, bad arguments',
    database_unreachable: 'cannot connect to the database (or its SQLite file is not a database)',
  },
};

const { values, out } = parseCommand<{
  'as-of'?: string;
  'fail-on': string;
  json: boolean;
  checks?: string;
  check?: string;
  lint: boolean;
}>(SPEC);
const json = values.json;
const failOn = values['fail-on'].toUpperCase() as Severity;
if (!(failOn in SEVERITY_RANK)) out.fail('usage', `--fail-on must be warning, error or critical, got "${values['fail-on']}"`, EXIT.usage);
const asOf = values['as-of'];
if (asOf !== undefined && !isIsoDate(asOf)) out.fail('usage', `--as-of must be a date YYYY-MM-DD, got "${asOf}"`, EXIT.usage);

// Declared checks (config/checks.yml): --lint checks the file alone; a bad file is told before anything runs,
// and the run goes on with the built-in checks and a failed checks_file result.
const config = readValidationConfig(undefined, { checksFile: values.checks });
if (values.lint) {
  const lint = lintReport(config.checksFile!);
  if (json) process.stdout.write(JSON.stringify(lint.json) + '\n');
  else (lint.exitCode === 0 ? console.log : console.error)(lint.text);
  process.exit(lint.exitCode);
}
if (config.checksFile!.errors.length > 0 && !json) console.error(lintReport(config.checksFile!).text);
const only = values.check;
if (only !== undefined) {
  const codes = planChecks(ALL_CHECKS, config).map((c) => c.code);
  if (!codes.includes(only)) out.fail('usage', `--check: no check named "${only}" (checks: ${codes.join(', ')})`, EXIT.usage);
}

function openOrFail() {
  try {
    return openDatabase(undefined, { mustExist: true });
  } catch (err) {
    // A missing SQLite file is a database not built yet; any other failure to open it (corrupt, unreadable) is not.
    if (!existsSync(resolveDatabaseTarget().display)) {
      out.fail(
        'no_database',
        `no database at ${resolveDatabaseTarget().display}: run \`npm run migrate\` and \`npm run seed\` first`,
        EXIT.usage,
      );
    }
    if (isUnreachable(err)) out.fail(err.code, err.message, EXIT.database_unreachable);
    return out.fail('internal_error', (err as Error).message, EXIT.usage);
  }
}
const db = openOrFail();
try {
  const { pending } = await migrationState(db);
  if (pending.length > 0)
    out.fail('pending_migrations', `the database has pending migrations (${pending.join(', ')}): run \`npm run migrate\``, EXIT.usage);
  const run = await validateAndAlert(db, {
    asOf,
    config,
    // One check on its own (--check) is a try-out: printed, not stored nor alerted.
    ...(only !== undefined ? { only, persist: false } : {}),
    origin: 'cli',
    alerts: openJsonLog('alertas.log', 'validation'),
    alerting: alertingFromEnvironment(db),
  });
  const gate = failOnGate(run.results, failOn);
  if (json) {
    process.stdout.write(JSON.stringify(run) + '\n');
    console.error(gateLine(gate, failOn));
  } else {
    console.log(formatReport(run, process.stdout.isTTY === true));
    console.log(gateLine(gate, failOn));
  }
  process.exitCode = gate.exitCode;
} catch (err) {
  if (isUnreachable(err)) out.fail(err.code, err.message, EXIT.database_unreachable);
  out.fail('internal_error', (err as Error).message, EXIT.usage);
} finally {
  await db.destroy();
}
