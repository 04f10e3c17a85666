// An upload run: plans the objects (raw files, clean exports), sends each one, records every result,
// and keeps the objects that still failed after the retries as dead letters, shown and retried later.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { formatISO } from 'date-fns/formatISO';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { FILE_ORDER, FILE_SPECS } from '../data-files.ts';
import type { JsonLog } from '../log/json-log.ts';
import { EXPORTS, type ExportName, exportTable } from './export-table.ts';
import { describeError } from '../log/redact.ts';
import type { S3Config } from './s3-config.ts';
import { type ObjectResult, uploadObject } from './upload-object.ts';

export type UploadWhat = 'raw' | 'clean' | 'all';

export interface UploadOptions {
  what: UploadWhat;
  gzip: boolean;
  dryRun: boolean;
  dataDir: string;
  clock?: () => Date;
  log?: JsonLog;
  onBytes?: (key: string, sent: number, total: number) => void;
  /** Test seam: wait between object attempts. */
  sleep?: (ms: number) => Promise<void>;
}

export interface UploadRun {
  runId: string;
  status: 'ok' | 'failed';
  /** Set when the run could not start (no such bucket, refused credentials). */
  error?: { code: string; message: string };
  objects: ObjectResult[];
}

interface PlannedObject {
  origin: string;
  key: string;
  gzip: boolean;
}

/** `raw:ventas.csv` or `clean:ventas` with its key under PREFIX/{raw|clean}/fecha=YYYY-MM-DD/. */
export function planObjects(what: UploadWhat, prefix: string, day: string, gzip: boolean): PlannedObject[] {
  const ext = gzip ? '.csv.gz' : '.csv';
  const base = (kind: string) => `${prefix ? `${prefix}/` : ''}${kind}/fecha=${day}`;
  const raw = FILE_ORDER.map((k) => ({ origin: `raw:${FILE_SPECS[k].fileName}`, key: `${base('raw')}/${k}${ext}`, gzip }));
  const clean = (Object.keys(EXPORTS) as ExportName[]).map((name) => ({
    origin: `clean:${name}`,
    key: `${base('clean')}/${name}${ext}`,
    gzip,
  }));
  return what === 'raw' ? raw : what === 'clean' ? clean : [...raw, ...clean];
}

/** Makes the local file an object is sent from: the raw file itself, or a (gzipped) copy or export in `work`. */
async function localFile(db: Kysely<Database>, object: PlannedObject, dataDir: string, work: string, rawCells: boolean): Promise<string> {
  const [kind, name] = object.origin.split(':') as [string, string];
  const target = join(work, `${kind}-${name}${object.gzip ? '.gz' : ''}`);
  if (kind === 'raw') {
    const source = join(dataDir, name);
    if (!object.gzip) return source;
    await pipeline(createReadStream(source), createGzip(), createWriteStream(target));
    return target;
  }
  await exportTable(db, name as ExportName, target, { gzip: object.gzip, rawCells });
  return target;
}

async function sendAll(
  db: Kysely<Database>,
  client: S3Client,
  config: S3Config,
  objects: PlannedObject[],
  options: UploadOptions,
  runId: string,
  /** When re-sending dead letters: the letter of each object, updated instead of a new one added. */
  letterIds?: number[],
): Promise<UploadRun> {
  const log = options.log?.with({ runId });
  const now = () => (options.clock ?? (() => new Date()))().toISOString();
  if (options.dryRun) {
    const planned = objects.map((o) => ({
      bucket: config.bucket,
      key: o.key,
      origin: o.origin,
      bytes: 0,
      sha256: '',
      status: 'planned' as const,
      skipped: false,
      attempts: 0,
      durationMs: 0,
    }));
    return { runId, status: 'ok', objects: planned };
  }
  const refused = await preflight(client, config);
  if (refused) {
    log?.write('error', 'upload refused', { step: 'preflight', code: refused.code, error: refused.message });
    return { runId, status: 'failed', error: refused, objects: [] };
  }

  const work = mkdtempSync(join(tmpdir(), 'ventas-upload-'));
  const results: ObjectResult[] = [];
  try {
    for (const [index, object] of objects.entries()) {
      const result = await sendOne(db, client, config, object, options, work);
      results.push(result);
      log?.write(result.status === 'failed' ? 'error' : 'info', `object ${result.status}`, { ...result });
      await recordResult(db, runId, now(), object, result, letterIds?.[index]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { runId, status: results.some((r) => r.status === 'failed') ? 'failed' : 'ok', objects: results };
}

/** A HEAD on the bucket before any work: null when it answers, else why the run cannot start. */
async function preflight(client: S3Client, config: S3Config): Promise<{ code: string; message: string } | null> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
    return null;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const code = status === 404 ? 'no_such_bucket' : status === 403 ? 'access_denied' : 'unreachable';
    const message =
      code === 'no_such_bucket'
        ? `bucket "${config.bucket}" does not exist`
        : code === 'access_denied'
          ? `access to bucket "${config.bucket}" was refused: check the credentials and their permissions`
          : `cannot reach the bucket: ${describeError(err)}`;
    return { code, message };
  }
}

/** Makes the object's local file and sends it; a failure is a result, never a throw. */
async function sendOne(
  db: Kysely<Database>,
  client: S3Client,
  config: S3Config,
  object: PlannedObject,
  options: UploadOptions,
  work: string,
): Promise<ObjectResult> {
  try {
    const path = await localFile(db, object, options.dataDir, work, config.rawCells);
    return await uploadObject(
      client,
      config,
      { path, key: object.key, origin: object.origin, contentType: object.gzip ? 'application/gzip' : 'text/csv; charset=utf-8' },
      { onBytes: (sent, total) => options.onBytes?.(object.key, sent, total), sleep: options.sleep },
    );
  } catch (err) {
    return {
      bucket: config.bucket,
      key: object.key,
      origin: object.origin,
      bytes: 0,
      sha256: '',
      status: 'failed',
      skipped: false,
      attempts: 0,
      durationMs: 0,
      error: describeError(err),
    };
  }
}

/** One envios row per object; a failure adds a dead letter, or updates the one it was re-sent from. */
async function recordResult(
  db: Kysely<Database>,
  runId: string,
  at: string,
  object: PlannedObject,
  result: ObjectResult,
  letterId: number | undefined,
): Promise<void> {
  await db
    .insertInto('envios')
    .values({
      ejecucion: runId,
      enviado_en: at,
      bucket: result.bucket,
      clave: result.key,
      origen: result.origin,
      bytes: result.bytes,
      sha256: result.sha256,
      estado: result.status as 'uploaded' | 'skipped' | 'failed',
      intentos: result.attempts,
      duracion_ms: result.durationMs,
    })
    .execute();
  if (result.status !== 'failed') return;
  if (letterId !== undefined) {
    await db
      .updateTable('envios_fallidos')
      .set((eb) => ({ error: result.error ?? 'unknown', intentos: eb('intentos', '+', result.attempts) }))
      .where('id', '=', letterId)
      .execute();
  } else {
    await db
      .insertInto('envios_fallidos')
      .values({
        creado_en: at,
        bucket: result.bucket,
        clave: result.key,
        origen: result.origin,
        gzip: object.gzip ? 1 : 0,
        error: result.error ?? 'unknown',
        intentos: result.attempts,
      })
      .execute();
  }
}

export async function runUpload(db: Kysely<Database>, client: S3Client, config: S3Config, options: UploadOptions): Promise<UploadRun> {
  const day = formatISO((options.clock ?? (() => new Date()))(), { representation: 'date' });
  const runId = randomUUID();
  options.log?.write('info', 'upload started', {
    runId,
    what: options.what,
    gzip: options.gzip,
    dryRun: options.dryRun,
    rawCells: config.rawCells,
    bucket: config.bucket,
    prefix: config.prefix,
  });
  return sendAll(db, client, config, planObjects(options.what, config.prefix, day, options.gzip), options, runId);
}

/** Dead letters not yet resolved, oldest first. */
export function pendingDeadLetters(db: Kysely<Database>) {
  return db.selectFrom('envios_fallidos').selectAll().where('resuelto_en', 'is', null).orderBy('id').execute();
}

/** Sends every unresolved dead letter again (same key); those that now succeed are marked resolved. */
export async function retryDeadLetters(
  db: Kysely<Database>,
  client: S3Client,
  config: S3Config,
  options: Omit<UploadOptions, 'what' | 'gzip'>,
): Promise<UploadRun> {
  const letters = (await pendingDeadLetters(db)).filter((l) => l.bucket === config.bucket);
  const runId = randomUUID();
  const objects = letters.map((l) => ({ origin: l.origen, key: l.clave, gzip: l.gzip === 1 }));
  const run = await sendAll(
    db,
    client,
    config,
    objects,
    { ...options, what: 'all', gzip: false },
    runId,
    letters.map((l) => l.id),
  );
  const now = (options.clock ?? (() => new Date()))().toISOString();
  for (const [i, letter] of letters.entries()) {
    const r = run.objects[i];
    if (r && (r.status === 'uploaded' || r.status === 'skipped')) {
      await db.updateTable('envios_fallidos').set({ resuelto_en: now }).where('id', '=', letter.id).execute();
    }
  }
  return run;
}
