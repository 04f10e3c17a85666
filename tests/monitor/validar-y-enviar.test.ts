import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { generateData } from '../../src/datagen/generate.ts';
import { createS3Client } from '../../src/s3/s3-client.ts';
import { readS3Config } from '../../src/s3/s3-config.ts';
import { S3_CREDENTIALS, type S3TestServer, startS3 } from '../helpers/s3-server.ts';
import { type Dialect, DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
let s3: S3TestServer;
const BUCKET = 'monitor';

beforeAll(async () => {
  s3 = await startS3([BUCKET]);
});
afterAll(async () => s3.close());

interface Setup {
  dir: string;
  file: string;
  lockFile: string;
  env: Record<string, string>;
}

async function setup(prefix: string, dialect: Dialect = 'sqlite'): Promise<Setup> {
  const dir = newDir();
  cpSync('data', join(dir, 'data'), { recursive: true });
  const url = await freshDatabaseUrl(dialect, dir);
  const db = openDatabase(url);
  await migrateToLatest(db);
  await db.destroy();
  return {
    dir,
    file: join(dir, 'data', 'ventas.csv'),
    lockFile: join(dir, 'locks', 'monitor.lock'),
    env: {
      DATABASE_URL: url,
      LOG_DIR: join(dir, 'logs'),
      // The built-in checks only: the shipped checks.yml's CRITICAL `ventas_no_vacias` would (rightly) stop a
      // truncated ventas.csv even when its drop is allowed; declared checks have tests of their own.
      CHECKS_FILE: join(dir, 'no-checks.yml'),
      ...S3_CREDENTIALS,
      S3_BUCKET: BUCKET,
      AWS_REGION: 'us-east-1',
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: prefix,
    },
  };
}

function start(s: Setup, args: string[] = [], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/validar-y-enviar.ts', '--file', s.file, '--lock-file', s.lockFile, '--json', ...args],
    {
      env: { ...process.env, ...s.env, ...env },
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; result: any; out: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      let result = null;
      try {
        result = JSON.parse(out.trim().split('\n').at(-1)!);
      } catch {}
      resolve({ code, signal, result, out });
    }),
  );
  return { child, done };
}

async function until(condition: () => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function objects(prefix: string): Promise<string[]> {
  const client = createS3Client(
    readS3Config({ S3_BUCKET: BUCKET, AWS_REGION: 'us-east-1', S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true' }),
  );
  Object.assign(process.env, S3_CREDENTIALS);
  const r = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/` }));
  return (r.Contents ?? []).map((o) => o.Key!);
}

const alerts = (s: Setup) =>
  readFileSync(join(s.env.LOG_DIR!, 'alertas.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('npm run validar-y-enviar', () => {
  it('validates a fresh file and sends it with the clean exports, then releases the lock', async () => {
    const s = await setup('ok');
    const { code, result } = await start(s).done;
    expect(result).toMatchObject({ outcome: 'sent', exitCode: 0, step: 'done' });
    expect(code).toBe(0);
    const keys = await objects('ok');
    expect(keys.filter((k) => k.includes('/raw/'))).toHaveLength(4);
    expect(keys.filter((k) => k.includes('/clean/'))).toHaveLength(7);
    expect(existsSync(s.lockFile)).toBe(false);
    const db = openDatabase(s.env.DATABASE_URL);
    const runs = await db.selectFrom('monitor_ejecuciones').selectAll().execute();
    await db.destroy();
    expect(runs).toEqual([expect.objectContaining({ resultado: 'sent', paso: 'done', finalizada_en: expect.any(String) })]);
  });

  it('lets exactly one of two runs started at once send; the other exits "locked" naming the holder', async () => {
    const s = await setup('race');
    const hold = { MONITOR_TEST_HOLD_MS: '1500' };
    const [a, b] = await Promise.all([start(s, [], hold).done, start(s, [], hold).done]);
    expect([a.code, b.code].sort()).toEqual([0, 3]);
    const locked = [a, b].find((r) => r.code === 3)!;
    expect(locked.result.message).toMatch(/another run holds the lock: held by pid \d+ on \S+ since \d{4}-/);
  });

  it('takes over the lock of a run killed with SIGKILL (dead pid on this host) and succeeds', async () => {
    const s = await setup('killed');
    const victim = start(s, [], { MONITOR_TEST_HOLD_MS: '20000' });
    await until(() => existsSync(s.lockFile));
    victim.child.kill('SIGKILL');
    await victim.done;
    expect(existsSync(s.lockFile)).toBe(true); // left behind, as a crash would
    const next = await start(s).done;
    expect(next.result, next.out).toMatchObject({ outcome: 'sent' });
    const log = readFileSync(join(s.env.LOG_DIR!, 'monitor.log'), 'utf8');
    expect(log).toContain('took over a stale lock');
    // The killed run's record is closed by the next run, not left "running" forever.
    const db = openDatabase(s.env.DATABASE_URL);
    const runs = await db.selectFrom('monitor_ejecuciones').select(['pid', 'resultado', 'detalle']).orderBy('id').execute();
    await db.destroy();
    expect(runs).toEqual([
      { pid: victim.child.pid, resultado: 'interrupted', detalle: expect.stringContaining('is gone') },
      expect.objectContaining({ resultado: 'sent' }),
    ]);
  });

  it('takes over a lock whose lease expired, even one held from another host', async () => {
    const s = await setup('expired');
    mkdirSync(join(s.dir, 'locks'), { recursive: true });
    writeFileSync(
      s.lockFile,
      JSON.stringify({ host: 'elsewhere', pid: 1, since: '2026-01-01T00:00:00Z', leaseUntil: '2026-01-01T00:01:00Z', token: 'old' }),
    );
    expect((await start(s).done).result).toMatchObject({ outcome: 'sent' });
  });

  it('releases the lock and records the run on SIGTERM', async () => {
    const s = await setup('term');
    const run = start(s, [], { MONITOR_TEST_HOLD_MS: '20000' });
    await until(() => existsSync(s.lockFile));
    run.child.kill('SIGTERM');
    const { code, result } = await run.done;
    expect(code).toBe(10);
    expect(result).toMatchObject({ outcome: 'interrupted', message: expect.stringContaining('SIGTERM') });
    expect(existsSync(s.lockFile)).toBe(false);
    const db = openDatabase(s.env.DATABASE_URL);
    const runs = await db.selectFrom('monitor_ejecuciones').select(['resultado', 'paso']).execute();
    await db.destroy();
    expect(runs).toEqual([{ resultado: 'interrupted', paso: 'lock' }]);
  });

  it('on SIGTERM during the load, rolls the load back and records it interrumpida, the run interrupted', async () => {
    const s = await setup('term-load');
    expect((await start(s).done).code).toBe(0); // a good load of the bundled data first
    await generateData({ sales: 200_000, seed: 5, out: join(s.dir, 'data') });
    const log = join(s.env.LOG_DIR!, 'procesamiento.log');
    const loadsLogged = () => (existsSync(log) ? readFileSync(log, 'utf8').split('"step":"clientes"').length - 1 : 0);
    const run = start(s);
    await until(() => loadsLogged() === 2); // the second load is writing its sales
    await new Promise((r) => setTimeout(r, 500));
    run.child.kill('SIGTERM');
    const { code, result } = await run.done;
    expect(code).toBe(10);
    expect(result).toMatchObject({ outcome: 'interrupted', step: 'load' });
    expect(existsSync(s.lockFile)).toBe(false);
    const db = openDatabase(s.env.DATABASE_URL);
    const loads = await db.selectFrom('cargas').select(['estado', 'error_mensaje']).orderBy('id').execute();
    const runs = await db.selectFrom('monitor_ejecuciones').select(['resultado', 'paso']).orderBy('id').execute();
    const owners = await db.selectFrom('ventas').select('carga_id').distinct().execute();
    await db.destroy();
    expect(loads.map((l) => l.estado)).toEqual(['ok', 'interrumpida']);
    expect(loads[1]!.error_mensaje).toContain('received SIGTERM');
    expect(runs).toEqual([
      { resultado: 'sent', paso: 'done' },
      { resultado: 'interrupted', paso: 'load' },
    ]);
    expect(owners).toEqual([{ carga_id: 1 }]);
  });

  it.each([
    ['a missing file', (s: Setup) => (s.file = join(s.dir, 'data', 'otro.csv')), 4, 'missing_file'],
    ['an unreadable file', (s: Setup) => mkdirSync((s.file = join(s.dir, 'data', 'carpeta.csv'))), 5, 'unreadable_file'],
    ['a stale file', (s: Setup) => utimesSync(s.file, new Date('2026-01-01'), new Date('2026-01-01')), 6, 'stale_file'],
  ])('stops on %s with its exit code and an alert line, sending nothing', async (_name, spoil, exitCode, outcome) => {
    const s = await setup(`spoiled-${exitCode}`);
    spoil(s);
    const { code, result } = await start(s).done;
    expect(code).toBe(exitCode);
    expect(result.outcome).toBe(outcome);
    expect(alerts(s).find((l) => l.component === 'monitor')).toMatchObject({ level: 'error', check: `monitor_${outcome}`, file: s.file });
    expect(await objects(`spoiled-${exitCode}`)).toEqual([]);
    expect(existsSync(s.lockFile)).toBe(false);
  });

  it('does not send a file that fails validation at the configured severity', async () => {
    const s = await setup('invalid');
    writeFileSync(s.file, readFileSync(s.file, 'utf8').split('\n')[0] + '\n'); // header only: 0 sales, row_count_drop is CRITICAL
    const { code, result } = await start(s).done;
    expect(code).toBe(8);
    expect(result.message).toContain('row_count_drop (CRITICAL)');
    expect(await objects('invalid')).toEqual([]);
    expect(alerts(s).find((l) => l.component === 'monitor')).toMatchObject({ check: 'monitor_validation_failed' });
  });

  it('refuses a truncated file after a good load (load_failed, row_count_drop) and loads it with --allow-drop', async () => {
    const s = await setup('drop');
    expect((await start(s).done).code).toBe(0);
    writeFileSync(s.file, readFileSync(s.file, 'utf8').split('\n')[0] + '\n'); // the header only
    const refused = await start(s).done;
    expect(refused.code).toBe(7);
    expect(refused.result).toMatchObject({ outcome: 'load_failed', message: expect.stringContaining('row_count_drop') });
    expect(refused.result.message).toContain('--allow-drop');
    const allowed = await start(s, ['--allow-drop']).done;
    expect(allowed.result, allowed.out).toMatchObject({ outcome: 'sent', exitCode: 0 });
    const db = openDatabase(s.env.DATABASE_URL);
    const loads = await db.selectFrom('cargas').select(['estado', 'error_codigo', 'caida_permitida']).orderBy('id').execute();
    await db.destroy();
    expect(loads).toEqual([
      { estado: 'ok', error_codigo: null, caida_permitida: 0 },
      { estado: 'error', error_codigo: 'row_count_drop', caida_permitida: 0 },
      { estado: 'ok', error_codigo: null, caida_permitida: 1 },
    ]);
  });

  it.each(DIALECTS)('with --lock db, excludes a second process sharing the %s database', async (dialect) => {
    const s = await setup(`dblock-${dialect}`, dialect);
    const hold = { MONITOR_TEST_HOLD_MS: '1500' };
    const [a, b] = await Promise.all([start(s, ['--lock', 'db'], hold).done, start(s, ['--lock', 'db'], hold).done]);
    expect([a.code, b.code].sort()).toEqual([0, 3]);
    expect(existsSync(s.lockFile)).toBe(false);
    const db = openDatabase(s.env.DATABASE_URL);
    expect(await db.selectFrom('bloqueos').selectAll().execute()).toEqual([]);
    await db.destroy();
  });
});
