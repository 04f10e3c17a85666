import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import { exportTable } from '../../src/s3/export-table.ts';
import { createS3Client } from '../../src/s3/s3-client.ts';
import { readS3Config } from '../../src/s3/s3-config.ts';
import { pendingDeadLetters, retryDeadLetters, runUpload, type UploadOptions } from '../../src/s3/upload-run.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { type FaultProxy, S3_CREDENTIALS, type S3TestServer, startFaultProxy, startS3 } from '../helpers/s3-server.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const BUCKET = 'ventas-test';
describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);
  const newDir = tempDirs();
  let s3: S3TestServer;
  let proxy: FaultProxy;
  const day = new Date('2026-11-28T12:00:00Z');
  const noWait = async () => {};

  beforeAll(async () => {
    Object.assign(process.env, S3_CREDENTIALS);
    s3 = await startS3([BUCKET]);
    proxy = await startFaultProxy(s3.endpoint);
  });
  afterAll(async () => {
    await proxy.close();
    await s3.close();
  });
  beforeEach(() => {
    proxy.faultFor = () => null;
    proxy.seen.length = 0;
  });

  function setup(env: Record<string, string> = {}, endpoint = proxy.endpoint) {
    const config = readS3Config({
      S3_BUCKET: BUCKET,
      AWS_REGION: 'us-east-1',
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_PART_SIZE_MB: '5',
      S3_MAX_ATTEMPTS: '4',
      ...env,
    });
    return { config, client: createS3Client(config) };
  }

  async function loadedDb() {
    const { db } = await newDb();
    await loadAndValidate(db, { dataDir: 'data', asOf: '2025-01-01', origin: 'test' });
    return db;
  }

  async function download(key: string): Promise<Buffer> {
    const { client } = setup({}, s3.endpoint);
    const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  const options = (over: Partial<UploadOptions> = {}): UploadOptions => ({
    what: 'all',
    gzip: false,
    dryRun: false,
    dataDir: 'data',
    clock: () => day,
    sleep: noWait,
    ...over,
  });

  describe('runUpload', () => {
    it('sends the raw files and the clean exports under date-partitioned keys, byte for byte, with their SHA-256', async () => {
      const db = await loadedDb();
      const { config, client } = setup({ S3_PREFIX: 'lake/a' });
      const run = await runUpload(db, client, config, options());
      expect(run.status).toBe('ok');
      expect(run.objects.map((o) => o.key)).toEqual([
        'lake/a/raw/fecha=2026-11-28/productos.csv',
        'lake/a/raw/fecha=2026-11-28/clientes.csv',
        'lake/a/raw/fecha=2026-11-28/ventas.csv',
        'lake/a/raw/fecha=2026-11-28/inventario.csv',
        'lake/a/clean/fecha=2026-11-28/productos.csv',
        'lake/a/clean/fecha=2026-11-28/categorias.csv',
        'lake/a/clean/fecha=2026-11-28/clientes.csv',
        'lake/a/clean/fecha=2026-11-28/ciudades.csv',
        'lake/a/clean/fecha=2026-11-28/ventas.csv',
        'lake/a/clean/fecha=2026-11-28/inventario.csv',
        'lake/a/clean/fecha=2026-11-28/cuarentena.csv',
      ]);
      expect(run.objects.every((o) => o.status === 'uploaded' && o.attempts === 1)).toBe(true);
      expect(await download('lake/a/raw/fecha=2026-11-28/productos.csv')).toEqual(readFileSync('data/productos.csv'));
      const exported = join(newDir(), 'ventas.csv');
      await exportTable(db, 'ventas', exported, { gzip: false });
      const cleanVentas = await download('lake/a/clean/fecha=2026-11-28/ventas.csv');
      expect(cleanVentas).toEqual(readFileSync(exported));
      expect(cleanVentas.toString('utf8').split('\n')[0]).toBe(
        'venta_id,fecha,producto_id,cliente_id,ciudad_id,cantidad,precio_unitario,carga_id,linea',
      );
      const head = await setup({}, s3.endpoint).client.send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: 'lake/a/raw/fecha=2026-11-28/ventas.csv' }),
      );
      const ventas = run.objects.find((o) => o.origin === 'raw:ventas.csv')!;
      expect(head.Metadata?.sha256).toBe(ventas.sha256);
      expect(head.ContentLength).toBe(readFileSync('data/ventas.csv').length);
    });

    it('uses multipart for files larger than a part, and the downloaded bytes match', async () => {
      const db = await loadedDb();
      const dataDir = newDir();
      cpSync('data', dataDir, { recursive: true });
      const big = randomBytes(12 * 1024 * 1024);
      writeFileSync(join(dataDir, 'ventas.csv'), big);
      const { config, client } = setup({ S3_PREFIX: 'multi' });
      const run = await runUpload(db, client, config, options({ what: 'raw', dataDir }));
      expect(run.status).toBe('ok');
      expect(proxy.seen.filter((r) => r.startsWith('PUT') && r.includes('partNumber='))).toHaveLength(3);
      expect((await download('multi/raw/fecha=2026-11-28/ventas.csv')).equals(big)).toBe(true);
    });

    it('gzips on request, and the objects gunzip to the source', async () => {
      const db = await loadedDb();
      const { config, client } = setup({ S3_PREFIX: 'gz' });
      const run = await runUpload(db, client, config, options({ what: 'raw', gzip: true }));
      expect(run.objects.map((o) => o.key)).toContain('gz/raw/fecha=2026-11-28/ventas.csv.gz');
      expect(gunzipSync(await download('gz/raw/fecha=2026-11-28/ventas.csv.gz'))).toEqual(readFileSync('data/ventas.csv'));
    });

    it('skips objects already in the bucket with the same content on a second run', async () => {
      const db = await loadedDb();
      const { config, client } = setup({ S3_PREFIX: 'twice' });
      await runUpload(db, client, config, options({ gzip: true }));
      proxy.seen.length = 0;
      const second = await runUpload(db, client, config, options({ gzip: true }));
      expect(second.objects.every((o) => o.status === 'skipped' && o.skipped)).toBe(true);
      expect(proxy.seen.filter((r) => r.startsWith('PUT') || r.startsWith('POST'))).toEqual([]);
    });

    it('completes with correct content through 500s, 503s and dropped connections', async () => {
      const db = await loadedDb();
      const dataDir = newDir();
      cpSync('data', dataDir, { recursive: true });
      const big = randomBytes(11 * 1024 * 1024);
      writeFileSync(join(dataDir, 'ventas.csv'), big);
      // Every third request fails, in turn with 500, 503 and a dropped connection.
      const cycle: Array<'500' | '503' | 'drop'> = ['500', '503', 'drop'];
      proxy.faultFor = (_req, i) => (i % 3 === 1 ? cycle[Math.floor(i / 3) % 3]! : null);
      const { config, client } = setup({ S3_PREFIX: 'faulty', S3_MAX_ATTEMPTS: '6' });
      const run = await runUpload(db, client, config, options({ what: 'raw', dataDir }));
      expect(run.status).toBe('ok');
      proxy.faultFor = () => null;
      expect((await download('faulty/raw/fecha=2026-11-28/ventas.csv')).equals(big)).toBe(true);
      expect(await download('faulty/raw/fecha=2026-11-28/productos.csv')).toEqual(readFileSync('data/productos.csv'));
    });

    it('refuses a bucket that does not exist before sending anything', async () => {
      const db = await loadedDb();
      const { config, client } = setup({ S3_BUCKET: 'no-such-bucket' });
      const run = await runUpload(db, client, config, options());
      expect(run).toMatchObject({
        status: 'failed',
        error: { code: 'no_such_bucket', message: 'bucket "no-such-bucket" does not exist' },
        objects: [],
      });
    });

    it('refuses wrong credentials, without ever showing them', async () => {
      const db = await loadedDb();
      const saved = { ...process.env };
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONG', AWS_SECRET_ACCESS_KEY: 'very-secret-value-123' });
      try {
        const { config, client } = setup();
        const run = await runUpload(db, client, config, options());
        expect(run).toMatchObject({ status: 'failed', error: { code: 'access_denied' } });
        expect(JSON.stringify(run)).not.toMatch(/very-secret-value-123|AKIAWRONGWRONG/);
      } finally {
        Object.assign(process.env, saved);
      }
    });

    it('records objects that still fail as dead letters, leaves no partial object, and sends them on retry', async () => {
      const db = await loadedDb();
      const dataDir = newDir();
      cpSync('data', dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'ventas.csv'), randomBytes(6 * 1024 * 1024));
      // Every upload request for ventas fails, however often it is retried.
      proxy.faultFor = (req) => (req.url!.includes('ventas.csv') && (req.method === 'PUT' || req.method === 'POST') ? '500' : null);
      const { config, client } = setup({ S3_PREFIX: 'dead', S3_MAX_ATTEMPTS: '1', S3_OBJECT_ATTEMPTS: '2' });
      const run = await runUpload(db, client, config, options({ what: 'raw', dataDir }));
      expect(run.status).toBe('failed');
      const failed = run.objects.filter((o) => o.status === 'failed');
      expect(failed.map((o) => o.key)).toEqual(['dead/raw/fecha=2026-11-28/ventas.csv']);
      expect(failed[0]).toMatchObject({ attempts: 2, error: expect.stringContaining('500') });
      const head = setup({}, s3.endpoint).client.send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: 'dead/raw/fecha=2026-11-28/ventas.csv' }),
      );
      await expect(head).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
      expect((await pendingDeadLetters(db)).map((l) => l.clave)).toEqual(['dead/raw/fecha=2026-11-28/ventas.csv']);

      proxy.faultFor = () => null;
      const retry = await retryDeadLetters(db, client, config, { dryRun: false, dataDir, sleep: noWait });
      expect(retry.objects).toEqual([expect.objectContaining({ key: 'dead/raw/fecha=2026-11-28/ventas.csv', status: 'uploaded' })]);
      expect(await pendingDeadLetters(db)).toEqual([]);
      // (Checked with a HEAD: a GET of this object makes s3rver stall for 20 s after the aborted attempts.)
      const stored = await setup({}, s3.endpoint).client.send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: 'dead/raw/fecha=2026-11-28/ventas.csv' }),
      );
      expect(stored).toMatchObject({ ContentLength: 6 * 1024 * 1024, Metadata: { sha256: retry.objects[0]!.sha256 } });
    });

    it('plans without sending on a dry run', async () => {
      const db = await loadedDb();
      const { config, client } = setup({ S3_PREFIX: 'dry' });
      const run = await runUpload(db, client, config, options({ dryRun: true }));
      expect(run.objects).toHaveLength(11);
      expect(run.objects.every((o) => o.status === 'planned')).toBe(true);
      expect(proxy.seen).toEqual([]);
    });
  });

  describe('readS3Config', () => {
    it('names what is missing before any work', () => {
      expect(() => readS3Config({})).toThrow('missing S3_BUCKET and AWS_REGION: set it in the environment or in .env (see .env.example)');
      expect(() => readS3Config({ S3_BUCKET: 'b' })).toThrow('missing AWS_REGION');
    });

    it('refuses parts under 5 MiB', () => {
      expect(() => readS3Config({ S3_BUCKET: 'b', AWS_REGION: 'r', S3_PART_SIZE_MB: '1' })).toThrow(
        'S3_PART_SIZE_MB must be an integer >= 5',
      );
    });
  });
});
