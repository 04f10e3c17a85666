// CLI: `npm run seed -- [--data-dir DIR] [--as-of YYYY-MM-DD] [--allow-drop] [--json]` loads the four CSV
// files, then validates what it loaded. Exit codes: 0 loaded, 2 bad input (data tables unchanged; also a
// file under minRowShareOfPrevious of the previous load, unless --allow-drop), 1 internal error,
// 11 refused by the load job's open circuit breaker.
import { parseArgs } from 'node:util';
import { BREAKER_EXIT_CODE, jobFinished, jobMayStart } from '../src/alerting/job-guard.ts';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { formatSummary } from '../src/etl/format-summary.ts';
import { PendingMigrationsError } from '../src/etl/load.ts';
import { loadAndValidate } from '../src/etl/load-and-validate.ts';
import { parseDate } from '../src/etl/parse-date.ts';
import { terminalProgress } from '../src/etl/progress.ts';
import { readValidationConfig } from '../src/validation/config.ts';

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
    },
  }).values;
} catch (err) {
  fail(process.argv.includes('--json'), 'usage', (err as Error).message, 2);
}
const json = args.json!;
const dataDir = args['data-dir']!;
const asOf = args['as-of'];
if (asOf !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && parseDate(asOf).ok)) {
  fail(json, 'usage', `--as-of must be a date YYYY-MM-DD, got "${asOf}"`, 2);
}

const db = openDatabase();
try {
  const { pending } = await migrationState(db);
  if (pending.length > 0) throw new PendingMigrationsError(pending);
  const alerting = alertingFromEnvironment(db);
  const gate = await jobMayStart(alerting, 'load');
  if (!gate.allowed) {
    if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code: 'breaker_open', message: gate.message } }) + '\n');
    else console.error(`error: ${gate.message}`);
    process.exit(BREAKER_EXIT_CODE);
  }
  const { load, validation, timings } = await loadAndValidate(db, {
    dataDir,
    asOf,
    progress: terminalProgress(),
    origin: 'seed',
    alerting,
    validationConfig: readValidationConfig(),
    allowDrop: args['allow-drop'],
  });
  await jobFinished(alerting, 'load', load.status === 'ok');
  if (json) {
    const body =
      load.status === 'ok'
        ? { status: 'ok', loadId: load.loadId, asOf: load.asOf, files: load.files, validation: { runId: validation!.id, status: validation!.status }, timings }
        : { status: 'error', error: load.error };
    process.stdout.write(JSON.stringify(body) + '\n');
  } else if (load.status === 'ok') {
    console.log(formatSummary(load, dataDir));
    const failed = validation!.results.filter((r) => !r.passed).map((r) => `${r.code} (${r.severity})`);
    console.log(`Validation run ${validation!.id}: ${validation!.status}${failed.length ? ` - failed: ${failed.join(', ')}` : ''}; details: npm run validate`);
  } else {
    console.error(formatSummary(load, dataDir));
  }
  process.exitCode = load.status === 'ok' ? 0 : load.status === 'error' ? 2 : 1;
} catch (err) {
  const e = err as Error & { code?: string };
  if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code: e.code ?? 'internal_error', message: e.message } }) + '\n');
  else console.error(`error: ${e.message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
