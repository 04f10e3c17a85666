// A database that cannot be reached is said so, with its host and port and never its password, and told
// apart from one with pending migrations: every command exits 12 (`migrate status` included, which used to
// list every migration as pending and exit 0).
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address() as { port: number };
  await new Promise((ok) => srv.close(ok));
  return port;
}

describe('an unreachable PostgreSQL', () => {
  it.each([
    ['npm run migrate -- status', 'scripts/migrate.ts', ['status']],
    ['npm run migrate', 'scripts/migrate.ts', []],
    ['npm run seed', 'seeds/seed.ts', []],
    ['npm run validate', 'scripts/validate.ts', []],
    ['npm run upload', 'scripts/upload.ts', ['--dry-run']],
    ['npm run validar-y-enviar', 'scripts/validar-y-enviar.ts', ['--file', 'data/ventas.csv']],
  ])('%s exits 12 saying it cannot connect, with host and port, password masked', async (_name, script, args) => {
    const port = await closedPort();
    const dir = newDir();
    const env = {
      DATABASE_URL: `postgres://ventas:s3cret-pw@127.0.0.1:${port}/ventas`,
      LOG_DIR: join(dir, 'logs'),
      S3_BUCKET: 'b',
      AWS_REGION: 'us-east-1',
    };
    const { code, stdout, stderr } = await runScript(script, args, env);
    expect(code, stdout + stderr).toBe(12);
    expect(stderr.trim()).toBe(
      `error: cannot connect to the database at 127.0.0.1:${port} (postgres://ventas:***@127.0.0.1:${port}/ventas): connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(stdout + stderr).not.toContain('s3cret-pw');
    expect(stdout + stderr).not.toContain('pending');
  });

  it('--json says it with the code database_unreachable', async () => {
    const port = await closedPort();
    const env = { DATABASE_URL: `postgres://ventas:s3cret-pw@127.0.0.1:${port}/ventas`, LOG_DIR: join(newDir(), 'logs') };
    for (const script of ['seeds/seed.ts', 'scripts/validate.ts']) {
      const { code, stdout } = await runScript(script, ['--json'], env);
      expect(code).toBe(12);
      expect(JSON.parse(stdout)).toEqual({
        status: 'error',
        error: { code: 'database_unreachable', message: expect.stringContaining(`cannot connect to the database at 127.0.0.1:${port}`) },
      });
    }
  });
});

describe('a SQLite file that is not a database', () => {
  it('npm run validate exits 12 naming the file and the reason (not "no database")', async () => {
    const dir = newDir();
    const file = join(dir, 'empresa.db');
    (await import('node:fs')).writeFileSync(file, 'this is not a database, but it is long enough to have a header'.repeat(100));
    const { code, stderr } = await runScript('scripts/validate.ts', [], { DATABASE_URL: file, LOG_DIR: join(dir, 'logs') });
    expect(code).toBe(12);
    expect(stderr.trim()).toBe(`error: cannot open the database at ${file}: file is not a database (SQLITE_NOTADB)`);
  });
});
