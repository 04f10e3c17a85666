import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { apiServers, gql } from '../helpers/api-server.ts';
import { S3_CREDENTIALS, type S3TestServer, startS3 } from '../helpers/s3-server.ts';
import { runScript as run } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
const api = apiServers();
let s3: S3TestServer;
const SECRET = 'S3RVER';

beforeAll(async () => {
  s3 = await startS3(['cli-bucket']);
});
afterAll(async () => s3.close());

async function seeded(): Promise<Record<string, string>> {
  const dir = newDir();
  const env = {
    DATABASE_URL: join(dir, 'empresa.db'),
    LOG_DIR: join(dir, 'logs'),
    ...S3_CREDENTIALS,
    S3_BUCKET: 'cli-bucket',
    AWS_REGION: 'us-east-1',
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_MAX_ATTEMPTS: '1',
    S3_OBJECT_ATTEMPTS: '1',
  };
  await run('scripts/migrate.ts', [], env);
  await run('seeds/seed.ts', ['--json'], env);
  return env;
}

describe('npm run upload', () => {
  it('uploads everything, prints one JSON object with --json, logs JSON lines without credentials, and exits 0', async () => {
    const env = await seeded();
    const { code, stdout } = await run('scripts/upload.ts', ['--json', '--prefix', 'cli'], env);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.status).toBe('ok');
    expect(result.objects).toHaveLength(11);
    const log = readFileSync(join(env.LOG_DIR!, 'upload.log'), 'utf8');
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ component: 'upload', msg: 'upload started', bucket: 'cli-bucket' });
    expect(lines.filter((l) => l.msg === 'object uploaded')).toHaveLength(11);
    expect(log).not.toContain(SECRET);
  });

  it('exits 2 naming what is missing when the bucket or region is not configured', async () => {
    const env = await seeded();
    const { code, stderr } = await run('scripts/upload.ts', [], { ...env, S3_BUCKET: '', AWS_REGION: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('missing S3_BUCKET and AWS_REGION');
  });

  it('exits 1 when the bucket does not exist', async () => {
    const env = await seeded();
    const { code, stderr } = await run('scripts/upload.ts', [], { ...env, S3_BUCKET: 'nope' });
    expect(code).toBe(1);
    expect(stderr).toContain('bucket "nope" does not exist');
  });

  it('defuses formula cells in the clean exports unless --raw-cells is given', async () => {
    const env = await seeded();
    const db = openDatabase(env.DATABASE_URL!);
    await db.updateTable('categorias').set({ nombre: '=HYPERLINK("http://evil.example","x")' }).where('id', '=', 1).execute();
    await db.destroy();
    const categoria = async (prefix: string) => {
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: SECRET, secretAccessKey: SECRET },
      });
      const out = await client.send(
        new GetObjectCommand({
          Bucket: 'cli-bucket',
          Key: `${prefix}/clean/fecha=${new Date().toISOString().slice(0, 10)}/categorias.csv`,
        }),
      );
      const text = await out.Body!.transformToString();
      client.destroy();
      return text.split('\n')[1];
    };
    expect((await run('scripts/upload.ts', ['--what', 'clean', '--prefix', 'seguro'], env)).code).toBe(0);
    expect(await categoria('seguro')).toBe(`1,"'=HYPERLINK(""http://evil.example"",""x"")",1`);
    expect((await run('scripts/upload.ts', ['--what', 'clean', '--prefix', 'crudo', '--raw-cells'], env)).code).toBe(0);
    expect(await categoria('crudo')).toBe('1,"=HYPERLINK(""http://evil.example"",""x"")",1');
  });

  it('lists the dead letters with --failed (none after a clean run)', async () => {
    const env = await seeded();
    const { code, stdout } = await run('scripts/upload.ts', ['--failed'], env);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('no failed uploads');
  });

  it('is also the uploadToS3 mutation, behind the API token', async () => {
    Object.assign(process.env, S3_CREDENTIALS, {
      S3_BUCKET: 'cli-bucket',
      AWS_REGION: 'us-east-1',
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
    });
    const s = await api({ apiToken: 's3cret' });
    const query =
      'mutation { uploadToS3(input: { what: RAW, prefix: "api", gzip: true }) { status objects { key status bytes sha256 attempts } } }';
    expect((await gql(s.url, query)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const { body } = await gql(s.url, query, {}, { authorization: 'Bearer s3cret' });
    expect(body.errors).toBeUndefined();
    expect(body.data.uploadToS3.status).toBe('ok');
    expect(body.data.uploadToS3.objects.map((o: { key: string }) => o.key)).toContain(
      `api/raw/fecha=${new Date().toISOString().slice(0, 10)}/ventas.csv.gz`,
    );
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });
});
