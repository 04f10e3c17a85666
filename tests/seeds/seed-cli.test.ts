import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Dialect, DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

const seed = (args: string[], env: Record<string, string>) => runScript('seeds/seed.ts', args, env);

async function migrated(dialect: Dialect = 'sqlite'): Promise<Record<string, string>> {
  const dir = newDir();
  const env = { DATABASE_URL: dialect === 'sqlite' ? join(dir, 'db', 'empresa.db') : await freshDatabaseUrl(dialect, dir), LOG_DIR: join(dir, 'logs') };
  await runScript('scripts/migrate.ts', [], env);
  return env;
}

describe('npm run seed', () => {
  it.each(DIALECTS)('prints exactly one JSON object with --json and exits 0 (%s)', async (dialect) => {
    const env = await migrated(dialect);
    const { code, stdout } = await seed(['--json', '--as-of', '2025-01-01'], env);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout);
    const manifest = JSON.parse(readFileSync('data/manifest.json', 'utf8'));
    expect(report).toMatchObject({ status: 'ok', asOf: '2025-01-01' });
    expect(report.files).toEqual(manifest.files);
  });

  it('logs one JSON line per step with the load id', async () => {
    const env = await migrated();
    const { stdout } = await seed(['--json'], env);
    const { loadId } = JSON.parse(stdout);
    const lines = readFileSync(join(env.LOG_DIR!, 'procesamiento.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const info = lines.filter((l) => l.level === 'info');
    expect(info.map((l) => l.step)).toEqual(['start', 'inspect', 'inspect', 'inspect', 'inspect', 'file', 'file', 'file', 'file', 'commit']);
    const timed = lines.filter((l) => l.level === 'debug').map((l) => l.step);
    expect(timed).toEqual(expect.arrayContaining(['clear previous load', 'ventas', 'rebuild indexes', 'record load']));
    for (const l of lines) expect(l).toMatchObject({ loadId, component: 'etl', time: expect.any(String) });
  });

  it('prints a human summary by default', async () => {
    const env = await migrated();
    const { code, stdout } = await seed([], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ventas\.csv\s+read\s+5500/);
    expect(stdout).toContain('top reasons:');
  });

  it('exits 2 with a JSON error naming the file on bad input', async () => {
    const env = await migrated();
    const { code, stdout } = await seed(['--json', '--data-dir', newDir()], env);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'error', error: { code: 'missing_file', file: 'productos.csv' } });
  });

  it('refuses an unmigrated database with a clear message and exit 1', async () => {
    const dir = newDir();
    const { code, stderr } = await seed([], { DATABASE_URL: join(dir, 'empresa.db'), LOG_DIR: join(dir, 'logs') });
    expect(code).toBe(1);
    expect(stderr).toContain('npm run migrate');
  });

  it('rejects a malformed --as-of', async () => {
    const env = await migrated();
    const { code, stderr } = await seed(['--as-of', '2025-02-30'], env);
    expect(code).toBe(2);
    expect(stderr).toContain('--as-of');
  });
});
