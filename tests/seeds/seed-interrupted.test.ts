// A seed that dies mid-load (kill -9) or is stopped (SIGTERM) never leaves a load posing as the latest:
// real seed processes on a 200,000-sale data set, killed while they write.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { givenDatabase } from '../../src/api/database-handle.ts';
import { createApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { generateData } from '../../src/datagen/generate.ts';
import { dataSnapshot } from '../helpers/database.ts';
import { type Dialect, DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
let big: string;

beforeAll(async () => {
  big = newDir();
  await generateData({ sales: 200_000, seed: 3, out: big });
}, 120_000);

interface Setup {
  env: Record<string, string>;
  goodLoadId: number;
}

/** A migrated database holding one good load of the bundled data. */
async function withGoodLoad(dialect: Dialect): Promise<Setup> {
  const dir = newDir();
  const env = {
    DATABASE_URL: dialect === 'sqlite' ? join(dir, 'empresa.db') : await freshDatabaseUrl(dialect, dir),
    LOG_DIR: join(dir, 'logs'),
  };
  await runScript('scripts/migrate.ts', [], env);
  const seeded = await runScript('seeds/seed.ts', ['--json', '--as-of', '2025-01-01'], env);
  expect(seeded.code, seeded.stderr).toBe(0);
  return { env, goodLoadId: JSON.parse(seeded.stdout).loadId };
}

async function until(condition: () => boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts a seed of the large set (logging to a folder of its own) and resolves once it is writing sales. */
async function seedWritingSales(s: Setup): Promise<{ child: ChildProcess; exited: Promise<{ code: number | null; stdout: string }> }> {
  const logDir = newDir();
  const child = spawn(process.execPath, ['--import', 'tsx', 'seeds/seed.ts', '--json', '--as-of', '2025-01-01', '--data-dir', big], {
    env: { ...process.env, ...s.env, LOG_DIR: logDir },
  });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise<{ code: number | null; stdout: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout })));
  const log = join(logDir, 'procesamiento.log');
  // "clientes" is the step before the sales: from then on the ventas worker is parsing and this thread writing.
  await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('"step":"clientes"'));
  await new Promise((r) => setTimeout(r, 500));
  return { child, exited };
}

async function loads(s: Setup) {
  const db = openDatabase(s.env.DATABASE_URL);
  try {
    return await db.selectFrom('cargas').select(['id', 'estado', 'pid', 'error_codigo']).orderBy('id').execute();
  } finally {
    await db.destroy();
  }
}

/** What a client of the API and a reader of the report page see as the latest load (the real app, on loopback). */
async function latestShown(s: Setup): Promise<{ graphql: number; report: string }> {
  const db = openDatabase(s.env.DATABASE_URL);
  const app = createApp({ database: givenDatabase(db), settings: { apiToken: undefined, dataRoot: '.', databaseUrl: s.env.DATABASE_URL } });
  const server = createServer((req, res) => void app.handle(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const gql = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ cargas(first: 1) { id estado } }' }),
    });
    const body = (await gql.json()) as { data: { cargas: Array<{ id: number; estado: string }> } };
    const page = await (await fetch(`${url}/`)).text();
    return { graphql: body.data.cargas[0]!.id, report: /Latest load <span class="muted">#(\d+),/.exec(page)?.[1] ?? 'none' };
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
    await app.close();
    await db.destroy();
  }
}

describe.each(DIALECTS)('a seed killed with SIGKILL mid-load (%s)', (dialect) => {
  it('leaves its load en_curso, hidden from the API and the report, until the next validate closes it as interrumpida', async () => {
    const s = await withGoodLoad(dialect);
    const { child, exited } = await seedWritingSales(s);
    child.kill('SIGKILL');
    await exited;
    const killed = (await loads(s)).at(-1)!;
    expect(killed).toMatchObject({ estado: 'en_curso', pid: child.pid });
    // Even before anything closes it, a load whose process is gone is not shown as the latest.
    expect(await latestShown(s)).toEqual({ graphql: s.goodLoadId, report: String(s.goodLoadId) });

    const validate = await runScript('scripts/validate.ts', ['--json', '--as-of', '2025-01-01'], s.env);
    expect(JSON.parse(validate.stdout).loadId).toBe(s.goodLoadId);
    expect((await loads(s)).at(-1)).toEqual({ id: killed.id, estado: 'interrumpida', pid: child.pid, error_codigo: 'interrupted' });
    expect(await latestShown(s)).toEqual({ graphql: s.goodLoadId, report: String(s.goodLoadId) });
  });

  it('is closed as interrumpida by the next seed, which loads normally', async () => {
    const s = await withGoodLoad(dialect);
    const { child, exited } = await seedWritingSales(s);
    child.kill('SIGKILL');
    await exited;
    const next = await runScript('seeds/seed.ts', ['--json', '--as-of', '2025-01-01'], s.env);
    expect(next.code, next.stderr).toBe(0);
    expect((await loads(s)).map((l) => l.estado)).toEqual(['ok', 'interrumpida', 'ok']);
  });
});

describe('a seed killed with SIGKILL mid-load, then the server started', () => {
  it('is closed as interrumpida at server start, and the report shows the previous good load', async () => {
    const s = await withGoodLoad('sqlite');
    const { child, exited } = await seedWritingSales(s);
    child.kill('SIGKILL');
    await exited;
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, ...s.env, PORT: '0', API_TOKEN: '' },
    });
    let out = '';
    server.stdout!.on('data', (d) => (out += d));
    const stopped = new Promise((resolve) => server.on('exit', resolve));
    try {
      await until(() => /on http:\/\/localhost:\d+\//.test(out));
      expect(out).toMatch(/closed load\(s\) \d+ as interrumpida/);
      expect((await loads(s)).map((l) => l.estado)).toEqual(['ok', 'interrumpida']);
      const port = /on http:\/\/localhost:(\d+)\//.exec(out)![1];
      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(page).toContain(`Latest load <span class="muted">#${s.goodLoadId},`);
    } finally {
      server.kill('SIGTERM');
      await stopped;
    }
  });
});

describe.each(DIALECTS)('a seed stopped with SIGTERM mid-load (%s)', (dialect) => {
  it('rolls back, records the load as interrumpida at once, and exits 10 on its own (its worker stopped)', async () => {
    const s = await withGoodLoad(dialect);
    const db = openDatabase(s.env.DATABASE_URL);
    try {
      const before = await dataSnapshot(db);
      const { child, exited } = await seedWritingSales(s);
      const signalled = Date.now();
      child.kill('SIGTERM');
      const { code, stdout } = await exited;
      // The seed never calls process.exit on the first signal: ending at all means no worker thread was left.
      expect(Date.now() - signalled).toBeLessThan(15_000);
      expect(code).toBe(10);
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({
        status: 'interrupted',
        error: { code: 'interrupted', message: expect.stringContaining('received SIGTERM') },
      });
      const last = await db
        .selectFrom('cargas')
        .select(['id', 'estado', 'error_codigo', 'finalizada_en'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(last).toEqual({ id: result.loadId, estado: 'interrumpida', error_codigo: 'interrupted', finalizada_en: expect.any(String) });
      expect(await dataSnapshot(db)).toEqual(before);
      expect(await db.selectFrom('ventas').select('carga_id').distinct().execute()).toEqual([{ carga_id: s.goodLoadId }]);
    } finally {
      await db.destroy();
    }
  });
});
