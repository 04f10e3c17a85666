// One load at a time per database: the seed and the monitor refuse at once, naming the holder, while another
// load holds the load lock (a file beside a SQLite database, the `bloqueos` row `carga` on PostgreSQL).
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { type LoadLock, loadLock } from '../../src/jobs/load-lock.ts';
import { defaultLockDeps } from '../../src/process/locks/lock.ts';
import { type Dialect, DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
const held: LoadLock[] = [];
afterEach(async () => {
  for (const l of held.splice(0)) {
    await l.lock.release();
    await l.close();
  }
});

async function migrated(dialect: Dialect): Promise<Record<string, string>> {
  const dir = newDir();
  const env = {
    DATABASE_URL: dialect === 'sqlite' ? join(dir, 'empresa.db') : await freshDatabaseUrl(dialect, dir),
    LOG_DIR: join(dir, 'logs'),
  };
  await runScript('scripts/migrate.ts', [], env);
  return env;
}

/** Takes the database's load lock in this test process, as a load running elsewhere would hold it. */
async function holdLoadLock(url: string, pid = process.pid): Promise<void> {
  const l = loadLock(url, { ...defaultLockDeps(), pid });
  held.push(l);
  expect(await l.lock.acquire()).toMatchObject({ acquired: true });
}

async function loads(url: string) {
  const db = openDatabase(url);
  try {
    return await db.selectFrom('cargas').select(['id', 'estado']).execute();
  } finally {
    await db.destroy();
  }
}

describe.each(DIALECTS)('the load lock on %s', (dialect) => {
  it('npm run seed exits 3 at once while another load holds it, naming the holder, and writes nothing', async () => {
    const env = await migrated(dialect);
    await holdLoadLock(env.DATABASE_URL!);
    // Refused on reading the lock, not after waiting on a busy database (the code and message say which).
    const { code, stdout } = await runScript('seeds/seed.ts', ['--json'], env);
    expect(code).toBe(3);
    const body = JSON.parse(stdout);
    expect(body).toEqual({
      status: 'error',
      error: {
        code: 'load_in_progress',
        message: expect.stringMatching(new RegExp(`^another load is in progress: pid ${process.pid} on ${hostname()}, since \\d{4}-`)),
        holder: { host: hostname(), pid: process.pid, since: expect.any(String) },
      },
    });
    expect(await loads(env.DATABASE_URL!)).toEqual([]);
  });

  it('npm run seed takes over the lock of a load whose process died, and loads', async () => {
    const env = await migrated(dialect);
    const dead = spawnSync(process.execPath, ['-e', '']).pid; // exited: its pid is free
    await holdLoadLock(env.DATABASE_URL!, dead);
    const { code, stdout } = await runScript('seeds/seed.ts', ['--json'], env);
    expect(code, stdout).toBe(0);
    expect(await loads(env.DATABASE_URL!)).toEqual([{ id: 1, estado: 'ok' }]);
  });
});

describe('npm run validar-y-enviar', () => {
  it('stops at the load step with "locked" (exit 3) while another load holds the load lock', async () => {
    const env = await migrated('sqlite');
    const dir = newDir();
    cpSync('data', join(dir, 'data'), { recursive: true });
    await holdLoadLock(env.DATABASE_URL!);
    const { code, stdout } = await runScript(
      'scripts/validar-y-enviar.ts',
      ['--file', join(dir, 'data', 'ventas.csv'), '--lock-file', join(dir, 'monitor.lock'), '--json'],
      env,
    );
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({
      outcome: 'locked',
      step: 'load',
      message: expect.stringContaining(`another load is in progress: held by pid ${process.pid} on ${hostname()}`),
    });
    expect(await loads(env.DATABASE_URL!)).toEqual([]);
  });
});
