// CLI: `npm run upload -- [--what raw|clean|all] [--prefix P] [--gzip] [--raw-cells] [--dry-run] [--json] [--failed] [--retry-failed]`.
// Exit codes: 0 everything sent (or skipped), 1 something failed (see --failed), 2 bad configuration or arguments,
// 11 refused by the upload job's open circuit breaker, 12 cannot connect to the database.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { finishUploadJob } from '../src/jobs/finish-job.ts';
import { BREAKER_EXIT_CODE, jobMayStart } from '../src/jobs/job-guard.ts';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { UNREACHABLE_EXIT_CODE, isUnreachable } from '../src/db/unreachable.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { createS3Client } from '../src/s3/s3-client.ts';
import { readS3Config, S3ConfigError } from '../src/s3/s3-config.ts';
import { uploadProgress } from '../src/s3/upload-progress.ts';
import { pendingDeadLetters, retryDeadLetters, runUpload, type UploadWhat } from '../src/s3/upload-run.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const json = process.argv.includes('--json');
function usage(code: string, message: string, exitCode = 2): never {
  if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code, message } }) + '\n');
  else console.error(`error: ${message}`);
  process.exit(exitCode);
}

let values;
try {
  values = parseArgs({
    options: {
      what: { type: 'string', default: 'all' },
      prefix: { type: 'string' },
      gzip: { type: 'boolean', default: false },
      'raw-cells': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      failed: { type: 'boolean', default: false },
      'retry-failed': { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: process.env.DATA_DIR ?? 'data' },
    },
  }).values;
} catch (err) {
  usage('usage', (err as Error).message);
}
const what = values.what as UploadWhat;
if (!['raw', 'clean', 'all'].includes(what)) usage('usage', `--what must be raw, clean or all, got "${values.what}"`);

let db;
try {
  db = openDatabase();
} catch (err) {
  if (!isUnreachable(err)) throw err;
  usage(err.code, err.message, UNREACHABLE_EXIT_CODE);
}
try {
  const { pending } = await migrationState(db);
  if (pending.length > 0) usage('pending_migrations', `the database has pending migrations (${pending.join(', ')}): run \`npm run migrate\``);
  if (values.failed) {
    const letters = await pendingDeadLetters(db);
    if (json) process.stdout.write(JSON.stringify({ status: 'ok', failed: letters }) + '\n');
    else if (letters.length === 0) console.log('no failed uploads');
    else for (const l of letters) console.log(`${l.creado_en}  s3://${l.bucket}/${l.clave}  (${l.origen}, ${l.intentos} attempts)  ${l.error}`);
    process.exit(0);
  }
  let config;
  try {
    config = readS3Config(process.env, { prefix: values.prefix, rawCells: values['raw-cells'] });
  } catch (err) {
    if (err instanceof S3ConfigError) usage(err.code, err.message);
    throw err;
  }
  const alerting = alertingFromEnvironment(db);
  const gate = await jobMayStart(alerting, 'upload');
  if (!gate.allowed) {
    if (json) process.stdout.write(JSON.stringify({ status: 'error', error: { code: 'breaker_open', message: gate.message } }) + '\n');
    else console.error(`error: ${gate.message}`);
    process.exit(BREAKER_EXIT_CODE);
  }
  const client = createS3Client(config);
  const log = openJsonLog('upload.log', 'upload');
  const common = { dryRun: values['dry-run']!, dataDir: values['data-dir']!, log, onBytes: uploadProgress() };
  const run = values['retry-failed']
    ? await retryDeadLetters(db, client, config, common)
    : await runUpload(db, client, config, { ...common, what, gzip: values.gzip! });
  client.destroy();
  await finishUploadJob(alerting, run);
  if (json) process.stdout.write(JSON.stringify(run) + '\n');
  else {
    if (run.error) console.error(`error: ${run.error.message}`);
    for (const o of run.objects) {
      const detail = o.status === 'failed' ? `FAILED after ${o.attempts} attempts: ${o.error}` : `${o.status}, ${o.bytes} bytes, ${o.attempts} attempt(s), ${o.durationMs} ms`;
      console.log(`s3://${o.bucket}/${o.key}  ${detail}`);
    }
    const failed = run.objects.filter((o) => o.status === 'failed').length;
    if (failed > 0) console.error(`${failed} object(s) failed: see \`npm run upload -- --failed\`, retry with \`npm run upload -- --retry-failed\``);
  }
  process.exitCode = run.status === 'ok' ? 0 : 1;
} catch (err) {
  if (!isUnreachable(err)) throw err;
  usage(err.code, err.message, UNREACHABLE_EXIT_CODE);
} finally {
  await db.destroy();
}
