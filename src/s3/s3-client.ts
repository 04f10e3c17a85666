// The S3 client: standard retry mode (exponential backoff with jitter), timeouts, path style for compatible stores.
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from './s3-config.ts';

export function createS3Client(config: S3Config): S3Client {
  // The SDK warns on every run that Node 20 support ends; the stack notes show it harmless here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    maxAttempts: config.maxAttempts,
    retryMode: 'standard',
    // Checksums only where S3 requires them: streamed bodies of unknown length cannot carry one up front,
    // and some compatible stores reject the newer checksum headers. Integrity is checked with SHA-256 metadata.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
}
