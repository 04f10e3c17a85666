// The upload as the API starts it: settings from the environment, a client for the run, the run itself.
// Settings that are missing or wrong are a result (`not_configured`), so the face only maps it to its error.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { openJsonLog } from '../log/json-log.ts';
import { createS3Client } from '../s3/s3-client.ts';
import { S3ConfigError, readS3Config } from '../s3/s3-config.ts';
import { type UploadRun, type UploadWhat, runUpload } from '../s3/upload-run.ts';

export interface UploadRequest {
  what: UploadWhat;
  gzip: boolean;
  dryRun: boolean;
  dataDir: string;
  /** Key prefix; default S3_PREFIX. */
  prefix?: string;
}

export type UploadJobResult = { kind: 'ran'; run: UploadRun } | { kind: 'not_configured'; message: string };

export async function uploadFromEnvironment(
  db: Kysely<Database>,
  request: UploadRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<UploadJobResult> {
  let config;
  try {
    config = readS3Config(env, { prefix: request.prefix });
  } catch (err) {
    if (err instanceof S3ConfigError) return { kind: 'not_configured', message: err.message };
    throw err;
  }
  const client = createS3Client(config);
  try {
    const { prefix: _prefix, ...options } = request;
    return { kind: 'ran', run: await runUpload(db, client, config, { ...options, log: openJsonLog('upload.log', 'upload') }) };
  } finally {
    client.destroy();
  }
}
