// CLI: `npm run upload -- [--what raw|clean|all] [--prefix P] [--gzip] [--raw-cells] [--dry-run] [--json] [--failed] [--retry-failed]`.
// Exit codes (the shared table, src/process/exit-codes.ts): 0 everything sent (or skipped), 1 something failed (see --failed), 2 bad configuration or arguments,
// 11 refused by the upload job's open circuit breaker, 12 cannot connect to the database.
import '../src/cli/load-env.ts';
import { finishUploadJob } from '../src/jobs/finish-job.ts';
import { jobMayStart } from '../src/jobs/job-guard.ts';
import { alertingFromEnvironment } from '../src/alerting/setup.ts';
import type { CommandSpec } from '../src/cli/command-spec.ts';
import { EXIT } from '../src/process/exit-codes.ts';
import { parseCommand } from '../src/cli/parse-args.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrationState } from '../src/db/migration-files.ts';
import { isUnreachable } from '../src/db/unreachable.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { createS3Client } from '../src/s3/s3-client.ts';
import { readS3Config, S3ConfigError } from '../src/s3/s3-config.ts';
import { uploadProgress } from '../src/s3/upload-progress.ts';
import { pendingDeadLetters, retryDeadLetters, runUpload, type UploadWhat } from '../src/s3/upload-run.ts';

const SPEC: CommandSpec = {
  name: 'upload',
  summary: 'Sends the raw CSV files and/or the clean exports of the loaded tables to S3 (S3_BUCKET, AWS_REGION; see README, "S3 upload").',
  options: {
    what: { type: 'string', default: 'all', value: 'raw|clean|all', description: 'the raw files, the clean exports or both' },
    prefix: { type: 'string', value: 'P', description: 'the key prefix (default: S3_PREFIX or ventas)' },
    gzip: { type: 'boolean', default: false, description: 'compress each object with gzip' },
    'raw-cells': { type: 'boolean', default: false, description: 'write clean cells as they are (formula-like cells not defused)' },
    'dry-run': { type: 'boolean', default: false, description: 'list what would be sent, send nothing' },
    json: { type: 'boolean', default: false, description: 'print the run as one JSON object on stdout' },
    failed: { type: 'boolean', default: false, description: 'list the dead letters (objects that failed), send nothing' },
    'retry-failed': { type: 'boolean', default: false, description: 'send the dead letters again' },
    'data-dir': { type: 'string', default: process.env.DATA_DIR ?? 'data', value: 'DIR', description: 'the folder of the raw files' },
  },
  exits: {
    ok: 'everything sent or skipped',
    failed: 'something failed (see --failed)',
    usage: 'bad configuration or arguments, pending migrations',
    breaker_open: "refused by the upload job's open circuit breaker",
    database_unreachable: '',
  },
};

const { values, out } = parseCommand<{
  what: string;
  prefix?: string;
  gzip: boolean;
  'raw-cells': boolean;
  'dry-run': boolean;
  json: boolean;
  failed: boolean;
  'retry-failed': boolean;
  'data-dir': string;
}>(SPEC);
const json = values.json;
const what = values.what as UploadWhat;
if (!['raw', 'clean', 'all'].includes(what)) out.fail('usage', `--what must be raw, clean or all, got "${values.what}"`, EXIT.usage);

function openOrFail() {
  try {
    return openDatabase();
  } catch (err) {
    if (!isUnreachable(err)) throw err;
    return out.fail(err.code, err.message, EXIT.database_unreachable);
  }
}
const db = openOrFail();
try {
  const { pending } = await migrationState(db);
  if (pending.length > 0)
    out.fail('pending_migrations', `the database has pending migrations (${pending.join(', ')}): run \`npm run migrate\``, EXIT.usage);
  if (values.failed) {
    const letters = await pendingDeadLetters(db);
    if (json) process.stdout.write(JSON.stringify({ status: 'ok', failed: letters }) + '\n');
    else if (letters.length === 0) console.log('no failed uploads');
    else
      for (const l of letters)
        console.log(`${l.creado_en}  s3://${l.bucket}/${l.clave}  (${l.origen}, ${l.intentos} attempts)  ${l.error}`);
    process.exit(EXIT.ok);
  }
  let config;
  try {
    config = readS3Config(process.env, { prefix: values.prefix, rawCells: values['raw-cells'] });
  } catch (err) {
    if (err instanceof S3ConfigError) out.fail(err.code, err.message, EXIT.usage);
    throw err;
  }
  const alerting = alertingFromEnvironment(db);
  const gate = await jobMayStart(alerting, 'upload');
  if (!gate.allowed) out.fail('breaker_open', gate.message, EXIT.breaker_open);
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
      const detail =
        o.status === 'failed'
          ? `FAILED after ${o.attempts} attempts: ${o.error}`
          : `${o.status}, ${o.bytes} bytes, ${o.attempts} attempt(s), ${o.durationMs} ms`;
      console.log(`s3://${o.bucket}/${o.key}  ${detail}`);
    }
    const failed = run.objects.filter((o) => o.status === 'failed').length;
    if (failed > 0)
      console.error(`${failed} object(s) failed: see \`npm run upload -- --failed\`, retry with \`npm run upload -- --retry-failed\``);
  }
  process.exitCode = run.status === 'ok' ? EXIT.ok : EXIT.failed;
} catch (err) {
  if (!isUnreachable(err)) throw err;
  out.fail(err.code, err.message, EXIT.database_unreachable);
} finally {
  await db.destroy();
}
