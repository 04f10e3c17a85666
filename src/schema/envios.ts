// The S3 upload as a mutation: the same upload as `npm run upload` (through src/jobs), behind the API token.
import { apiError } from '../api/errors.ts';
import { uploadFromEnvironment } from '../jobs/upload-job.ts';
import type { ObjectResult } from '../s3/upload-object.ts';
import type { UploadRun } from '../s3/upload-run.ts';
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
      const result = await uploadFromEnvironment(ctx.db, {
        what: input?.what ?? 'all',
        prefix: input?.prefix ?? undefined,
        gzip: input?.gzip ?? false,
        dryRun: input?.dryRun ?? false,
        dataDir: ctx.settings.dataDir ?? 'data',
      });
      if (result.kind === 'not_configured') throw apiError('S3_NOT_CONFIGURED', result.message);
      return result.run;
    },
  }),
);
