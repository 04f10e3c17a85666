import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { runScript as run } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

/** A database migrated and loaded from dataDir by the real commands. */
async function loadedEnv(dataDir = 'data'): Promise<Record<string, string>> {
  const dir = newDir();
  // The built-in checks only (no checks file there): declared checks have their own tests (declared-cli.test.ts).
  const env = { DATABASE_URL: join(dir, 'empresa.db'), LOG_DIR: join(dir, 'logs'), CHECKS_FILE: join(dir, 'no-checks.yml') };
  await run('scripts/migrate.ts', [], env);
  const seeded = await run('seeds/seed.ts', ['--data-dir', dataDir, '--json'], env);
  expect(seeded.code).toBe(0);
  return env;
}

describe('npm run validate', () => {
  it('exits 1 on the bundled data (errors at or above the default --fail-on error) and reports every check as JSON', async () => {
    const env = await loadedEnv();
    const { code, stdout } = await run('scripts/validate.ts', ['--json', '--as-of', '2025-01-01'], env);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.status).toBe('ERROR');
    expect(report.results).toHaveLength(16);
    expect(report.results.find((r: { code: string }) => r.code === 'unknown_products').details.missingProductIds).toEqual([11]);
  });

  it('exits 0 when nothing failed at or above --fail-on', async () => {
    const env = await loadedEnv();
    expect((await run('scripts/validate.ts', ['--fail-on', 'critical'], env)).code).toBe(0);
  });

  it('exits 0 on clean data even with --fail-on warning, and prints a report grouped by severity', async () => {
    const env = await loadedEnv(writeCleanData(newDir()));
    const { code, stdout } = await run('scripts/validate.ts', ['--fail-on', 'warning', '--as-of', '2024-12-31'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/: OK\n/);
    expect(stdout.indexOf('CRITICAL (0 of 3 failed)')).toBeLessThan(stdout.indexOf('ERROR (0 of 6 failed)'));
    expect(stdout).toContain('WARNING (0 of 7 failed)');
  });

  it('exits 2 with a clear message when there is no database', async () => {
    const dir = newDir();
    const { code, stderr } = await run('scripts/validate.ts', [], { DATABASE_URL: join(dir, 'none.db'), LOG_DIR: join(dir, 'logs') });
    expect(code).toBe(2);
    expect(stderr).toContain('no database');
  });

  it('exits 2 when migrations are pending', async () => {
    const env = await loadedEnv();
    await run('scripts/migrate.ts', ['down'], env);
    const { code, stdout } = await run('scripts/validate.ts', ['--json'], env);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'error', error: { code: 'pending_migrations' } });
  });

  it('exits 2 on a bad --fail-on', async () => {
    const env = await loadedEnv();
    expect((await run('scripts/validate.ts', ['--fail-on', 'loud'], env)).code).toBe(2);
  });

  it('logs one alert line per failed check, at the level of its severity', async () => {
    const env = await loadedEnv();
    const { stdout } = await run('scripts/validate.ts', ['--json', '--as-of', '2025-01-01'], env);
    const report = JSON.parse(stdout);
    const lines = readFileSync(join(env.LOG_DIR!, 'alertas.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const fromCli = lines.filter((l) => l.runId === report.id);
    const failed = report.results.filter((r: { passed: boolean }) => !r.passed);
    expect(fromCli.map((l) => l.check)).toEqual(failed.map((r: { code: string }) => r.code));
    for (const l of fromCli) {
      expect(l.level).toBe(l.severity.toLowerCase());
      expect(l).toMatchObject({ component: 'validation', runbook: `docs/runbooks/${l.check}.md`, rowsAffected: expect.any(Number) });
    }
    expect(fromCli.find((l) => l.check === 'returns').level).toBe('warning');
  });

  it('keeps every run and every result, passes included, in the history', async () => {
    const env = await loadedEnv();
    await run('scripts/validate.ts', [], env);
    await run('scripts/validate.ts', ['--as-of', '2030-01-01'], env);
    const db = openDatabase(env.DATABASE_URL);
    try {
      const runs = await db.selectFrom('validaciones').selectAll().orderBy('id').execute();
      expect(runs.map((r) => r.origen)).toEqual(['seed', 'cli', 'cli']);
      const results = await db.selectFrom('validacion_resultados').select(['validacion_id', 'aprobado']).execute();
      expect(results).toHaveLength(48);
      expect(results.filter((r) => r.aprobado === 1).length).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }
  });
});
