import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BREAKER_EXIT_CODE } from '../../src/jobs/job-guard.ts';
import { EXIT } from '../../src/process/exit-codes.ts';
import { UNREACHABLE_EXIT_CODE } from '../../src/db/unreachable.ts';
import { LOAD_IN_PROGRESS_EXIT_CODE } from '../../src/jobs/load-lock.ts';
import { MONITOR_EXIT } from '../../src/jobs/monitor-run.ts';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

describe('one exit-code table for every command', () => {
  it('agrees with the codes the jobs and the monitor return', () => {
    expect(BREAKER_EXIT_CODE).toBe(EXIT.breaker_open);
    expect(UNREACHABLE_EXIT_CODE).toBe(EXIT.database_unreachable);
    expect(LOAD_IN_PROGRESS_EXIT_CODE).toBe(EXIT.locked);
    // Every monitor outcome is one code of the table, and no two outcomes share one.
    expect(Object.values(MONITOR_EXIT).sort((a, b) => a - b)).toEqual(Object.values(EXIT));
  });

  it("is the README's table, code for code", () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Exit codes'), readme.indexOf('### Environment variables'));
    const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(EXIT));
  });

  it('pending migrations are exit 2 with the JSON code pending_migrations for seed, validate and upload alike', async () => {
    const dir = newDir();
    const env = { DATABASE_URL: join(dir, 'empresa.db'), LOG_DIR: join(dir, 'logs') };
    expect((await runScript('scripts/migrate.ts', [], env)).code).toBe(0);
    expect((await runScript('scripts/migrate.ts', ['down'], env)).code).toBe(0);
    for (const script of ['seeds/seed.ts', 'scripts/validate.ts', 'scripts/upload.ts']) {
      const { code, stdout } = await runScript(script, ['--json'], env);
      expect({ script, code }).toEqual({ script, code: EXIT.usage });
      expect(JSON.parse(stdout)).toMatchObject({
        status: 'error',
        error: { code: 'pending_migrations', message: expect.stringContaining('npm run migrate') },
      });
    }
  }, 240_000);

  it('a database that cannot be reached is exit 12 for migrate, seed, validate and breaker', async () => {
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', LOG_DIR: join(newDir(), 'logs') };
    for (const [script, args] of [
      ['scripts/migrate.ts', ['status']],
      ['seeds/seed.ts', []],
      ['scripts/validate.ts', []],
      ['scripts/breaker.ts', ['status']],
    ] as const) {
      const { code, stderr } = await runScript(script, [...args], env);
      expect({ script, code }).toEqual({ script, code: EXIT.database_unreachable });
      expect(stderr).toContain('cannot connect to the database');
    }
  }, 240_000);
});
