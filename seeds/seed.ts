// CLI: `npm run seed -- [--data-dir DIR] [--as-of YYYY-MM-DD] [--json]` loads the four CSV files.
// Exit codes: 0 loaded, 2 bad input (data tables unchanged), 1 internal error.
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.ts';
import { readEtlConfig } from '../src/etl/etl-config.ts';
import { formatSummary } from '../src/etl/format-summary.ts';
import { parseDate } from '../src/etl/parse-date.ts';
import { runLoad } from '../src/etl/load.ts';
import { terminalProgress } from '../src/etl/progress.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { readValidationConfig } from '../src/validation/config.ts';
import { runValidation } from '../src/validation/run-validation.ts';

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
      json: { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  fail(process.argv.includes('--json'), 'usage', (err as Error).message, 2);
}
const json = args.json!;
const asOf = args['as-of'];
if (asOf !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && parseDate(asOf).ok)) {
  fail(json, 'usage', `--as-of must be a date YYYY-MM-DD, got "${asOf}"`, 2);
}

const db = openDatabase();
try {
  const loadStarted = performance.now();
  const result = await runLoad(db, {
    dataDir: args['data-dir']!,
    asOf,
    numberOptions: readEtlConfig(),
    progress: terminalProgress(),
    log: openJsonLog('procesamiento.log', 'etl'),
  });
  const loadMs = Math.round(performance.now() - loadStarted);
  const validationStarted = performance.now();
  // The checks run at the end of every successful load, so the latest run always matches the latest load.
  const validation =
    result.status === 'ok'
      ? await runValidation(db, { asOf: result.asOf, config: readValidationConfig(), origin: 'seed', alerts: openJsonLog('alertas.log', 'validation') })
      : null;
  if (json) {
    const { status, asOf: day } = result;
    const body =
      result.status === 'ok'
        ? {
            status,
            loadId: result.loadId,
            asOf: day,
            files: result.files,
            validation: { runId: validation!.id, status: validation!.status },
            timings: { loadMs, validationMs: Math.round(performance.now() - validationStarted) },
          }
        : { status: 'error', error: result.error };
    process.stdout.write(JSON.stringify(body) + '\n');
  } else {
    (result.status === 'ok' ? console.log : console.error)(formatSummary(result, args['data-dir']!));
    if (validation) {
      const failed = validation.results.filter((r) => !r.passed).map((r) => `${r.code} (${r.severity})`);
      console.log(`Validation run ${validation.id}: ${validation.status}${failed.length ? ` - failed: ${failed.join(', ')}` : ''}; details: npm run validate`);
    }
  }
  process.exitCode = result.status === 'ok' ? 0 : result.status === 'error' ? 2 : 1;
} catch (err) {
  const e = err as Error & { code?: string };
  if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code: e.code ?? 'internal_error', message: e.message } }) + '\n');
  else console.error(`error: ${e.message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
