// Upload settings from the environment (and .env when present); checked before any work starts.
// Credentials are not settings: the SDK's default provider chain finds them (env keys, profiles, IAM roles).

export interface S3Config {
  bucket: string;
  region: string;
  /** For S3-compatible stores (MinIO, s3rver); unset for AWS. */
  endpoint: string | undefined;
  forcePathStyle: boolean;
  prefix: string;
  partSizeBytes: number;
  queueSize: number;
  /** SDK attempts per request (throttling, 5xx and network errors are retried with backoff and jitter). */
  maxAttempts: number;
  /** Attempts per object, around the SDK's own retries, for failures that escape them (e.g. a dropped stream). */
  objectAttempts: number;
  /** Clean exports keep formula-like cells (`=`, `+`, `-`, `@`, tab, CR first) as they are instead of defusing
   * them: only for consumers that are not spreadsheets and need the exact text. */
  rawCells: boolean;
}

export class S3ConfigError extends Error {
  readonly code = 's3_config';
  /** `cause`: the setting that was refused and its value, when one was (none when settings are missing). */
  constructor(message: string, options?: { cause: { variable: string; value: string } }) {
    super(message, options);
    this.name = 'S3ConfigError';
  }
}

const MIB = 1024 * 1024;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new S3ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`, { cause: { variable: name, value: raw } });
  return n;
}

const flag = (env: NodeJS.ProcessEnv, name: string): boolean => ['1', 'true', 'yes'].includes((env[name] ?? '').trim().toLowerCase());

export function readS3Config(env: NodeJS.ProcessEnv = process.env, overrides: { prefix?: string; rawCells?: boolean } = {}): S3Config {
  const bucket = env.S3_BUCKET?.trim();
  const region = (env.AWS_REGION ?? env.AWS_DEFAULT_REGION)?.trim();
  const missing = [!bucket && 'S3_BUCKET', !region && 'AWS_REGION'].filter(Boolean);
  if (missing.length > 0)
    throw new S3ConfigError(`missing ${missing.join(' and ')}: set it in the environment or in .env (see .env.example)`);
  const partSizeMb = positiveInt(env, 'S3_PART_SIZE_MB', 8, 5); // S3's minimum part size is 5 MiB
  return {
    bucket: bucket!,
    region: region!,
    endpoint: env.S3_ENDPOINT?.trim() || undefined,
    forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE'),
    prefix: (overrides.prefix ?? env.S3_PREFIX ?? 'ventas').replace(/^\/+|\/+$/g, ''),
    partSizeBytes: partSizeMb * MIB,
    // Two parts in flight keeps a 1 GiB upload under 200 MB of RSS (BENCHMARKS.md); raise it for long-haul links.
    queueSize: positiveInt(env, 'S3_QUEUE_SIZE', 2),
    maxAttempts: positiveInt(env, 'S3_MAX_ATTEMPTS', 5),
    objectAttempts: positiveInt(env, 'S3_OBJECT_ATTEMPTS', 3),
    rawCells: overrides.rawCells || flag(env, 'S3_RAW_CELLS'),
  };
}
