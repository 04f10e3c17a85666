// Sends one local file to one key: skip when the same content is already there, upload (multipart when
// large), verify size and SHA-256 with a HEAD, and retry the whole object with backoff and jitter.
import { createReadStream } from 'node:fs';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { digestFile, type FileDigest } from './file-digest.ts';
import { describeError } from '../log/redact.ts';
import { backoffDelay, sleep as realSleep } from '../retry/backoff.ts';
import type { S3Config } from './s3-config.ts';

export interface ObjectResult {
  bucket: string;
  key: string;
  /** What was sent: `raw:ventas.csv`, `clean:ventas`. */
  origin: string;
  bytes: number;
  sha256: string;
  status: 'uploaded' | 'skipped' | 'failed' | 'planned';
  skipped: boolean;
  attempts: number;
  durationMs: number;
  error?: string;
}

export interface ObjectHooks {
  onBytes?: (sent: number, total: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The stored object is not the file sent; `cause` holds both digests (what was sent, what is there). */
export class VerificationError extends Error {
  readonly code = 'verification_failed';
  constructor(message: string, options: { cause: { sent: FileDigest; stored: FileDigest | null } }) {
    super(message, options);
    this.name = 'VerificationError';
  }
}

const SHA_KEY = 'sha256';

/** Waits between whole-object attempts (the SDK retries each request on its own, inside an attempt). */
const OBJECT_RETRY_BASE_MS = 300;
const OBJECT_RETRY_MAX_MS = 5_000;

async function remoteDigest(client: S3Client, bucket: string, key: string): Promise<FileDigest | null> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { bytes: Number(head.ContentLength ?? -1), sha256: head.Metadata?.[SHA_KEY] ?? '' };
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw err;
  }
}

export async function uploadObject(
  client: S3Client,
  config: S3Config,
  file: { path: string; key: string; origin: string; contentType: string },
  hooks: ObjectHooks = {},
): Promise<ObjectResult> {
  const started = performance.now();
  const sleep = hooks.sleep ?? realSleep;
  const random = hooks.random ?? Math.random;
  const local = await digestFile(file.path);
  const result = (status: ObjectResult['status'], attempts: number, error?: string): ObjectResult => ({
    bucket: config.bucket,
    key: file.key,
    origin: file.origin,
    bytes: local.bytes,
    sha256: local.sha256,
    status,
    skipped: status === 'skipped',
    attempts,
    durationMs: Math.round(performance.now() - started),
    ...(error ? { error } : {}),
  });

  let lastError = '';
  let attempts = 0;
  for (let attempt = 1; attempt <= config.objectAttempts; attempt++) {
    attempts = attempt;
    try {
      const existing = await remoteDigest(client, config.bucket, file.key);
      if (existing && existing.sha256 === local.sha256 && existing.bytes === local.bytes) return result('skipped', attempt);
      const upload = new Upload({
        client,
        params: {
          Bucket: config.bucket,
          Key: file.key,
          Body: createReadStream(file.path, { highWaterMark: 1 << 20 }),
          ContentType: file.contentType,
          Metadata: { [SHA_KEY]: local.sha256 },
        },
        partSize: config.partSizeBytes,
        queueSize: config.queueSize,
        // A failed multipart upload is aborted, so no partial object is ever visible.
        leavePartsOnError: false,
      });
      upload.on('httpUploadProgress', (p) => hooks.onBytes?.(p.loaded ?? 0, local.bytes));
      await upload.done();
      const stored = await remoteDigest(client, config.bucket, file.key);
      if (!stored || stored.bytes !== local.bytes || stored.sha256 !== local.sha256) {
        throw new VerificationError(
          `verification failed: stored ${stored ? `${stored.bytes} bytes, sha256 ${stored.sha256 || '(none)'}` : 'nothing'}`,
          { cause: { sent: local, stored } },
        );
      }
      return result('uploaded', attempt);
    } catch (err) {
      lastError = describeError(err);
      const code = (err as { name?: string }).name;
      // A missing bucket or refused credentials will not heal by retrying.
      if (code === 'NoSuchBucket' || code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch' || code === 'AccessDenied') break;
      if (attempt < config.objectAttempts) await sleep(backoffDelay(attempt, OBJECT_RETRY_BASE_MS, OBJECT_RETRY_MAX_MS, random));
    }
  }
  return result('failed', attempts, lastError);
}
