// The S3 upload as a mutation: the same module as `npm run upload`, behind the API token.
import { apiError } from '../api/errors.ts';
import { openJsonLog } from '../log/json-log.ts';
import { createS3Client } from '../s3/s3-client.ts';
import { readS3Config, S3ConfigError } from '../s3/s3-config.ts';
import type { ObjectResult } from '../s3/upload-object.ts';
import { type UploadRun, runUpload } from '../s3/upload-run.ts';
import { publicMessage } from '../api/public-message.ts';
import { builder } from './builder.ts';
import { requireToken } from './mutations.ts';

const UploadWhat = builder.enumType('UploadWhat', {
  values: { RAW: { value: 'raw' }, CLEAN: { value: 'clean' }, ALL: { value: 'all' } } as const,
});

const UploadInput = builder.inputType('UploadInput', {
  fields: (t) => ({
    what: t.field({ type: UploadWhat, defaultValue: 'all' }),
    prefix: t.string({ description: 'Key prefix; default S3_PREFIX' }),
    gzip: t.boolean({ defaultValue: false }),
    dryRun: t.boolean({ defaultValue: false, description: 'List the objects without sending them' }),
  }),
});

const UploadedObject = builder.objectRef<ObjectResult>('UploadedObject').implement({
  fields: (t) => ({
    bucket: t.exposeString('bucket'),
    key: t.exposeString('key'),
    origin: t.exposeString('origin', { description: 'raw:<file> or clean:<table>' }),
    bytes: t.exposeFloat('bytes', { description: 'Bytes sent (after gzip)' }),
    sha256: t.exposeString('sha256'),
    status: t.exposeString('status', { description: 'uploaded, skipped (already present), failed or planned' }),
    skipped: t.exposeBoolean('skipped'),
    attempts: t.exposeInt('attempts'),
    durationMs: t.exposeInt('durationMs'),
    error: t.string({ nullable: true, resolve: (o) => publicMessage(o.error ?? null) }),
  }),
});

const UploadError = builder.simpleObject('UploadError', { fields: (t) => ({ code: t.string(), message: t.string() }) });
const publicError = (e: { code: string; message: string } | undefined) => (e ? { code: e.code, message: publicMessage(e.message) } : null);

const UploadResult = builder.objectRef<UploadRun>('UploadResult').implement({
  fields: (t) => ({
    runId: t.exposeString('runId'),
    status: t.exposeString('status', { description: 'ok, or failed when any object failed (see the dead letters)' }),
    error: t.field({ type: UploadError, nullable: true, resolve: (r) => publicError(r.error) }),
    objects: t.field({ type: [UploadedObject], complexity: { field: 1, multiplier: 11 }, resolve: (r) => r.objects }), // 4 raw files, 7 tables
  }),
});

builder.mutationField('uploadToS3', (t) =>
  t.field({
    type: UploadResult,
    description: 'Sends the raw files and/or the clean exports to S3 (configured by S3_BUCKET, AWS_REGION, ...)',
    args: { input: t.arg({ type: UploadInput }) },
    resolve: async (_root, { input }, ctx) => {
      requireToken(ctx);
      let config;
      try {
        config = readS3Config(process.env, { prefix: input?.prefix ?? undefined });
      } catch (err) {
        if (err instanceof S3ConfigError) throw apiError('S3_NOT_CONFIGURED', err.message);
        throw err;
      }
      const client = createS3Client(config);
      try {
        return await runUpload(ctx.db, client, config, {
          what: input?.what ?? 'all',
          gzip: input?.gzip ?? false,
          dryRun: input?.dryRun ?? false,
          dataDir: ctx.settings.dataDir ?? 'data',
          log: openJsonLog('upload.log', 'upload'),
        });
      } finally {
        client.destroy();
      }
    },
  }),
);
