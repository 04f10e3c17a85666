import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { dataSnapshot } from '../helpers/database.ts';
import { type Dialect, DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

const seed = (args: string[], env: Record<string, string>) => runScript('seeds/seed.ts', args, env);

async function migrated(dialect: Dialect = 'sqlite'): Promise<Record<string, string>> {
  const dir = newDir();
  const env = {
    DATABASE_URL: dialect === 'sqlite' ? join(dir, 'db', 'empresa.db') : await freshDatabaseUrl(dialect, dir),
    LOG_DIR: join(dir, 'logs'),
  };
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
    const lines = readFileSync(join(env.LOG_DIR!, 'procesamiento.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const info = lines.filter((l) => l.level === 'info');
    expect(info.map((l) => l.step)).toEqual([
      'start',
      'inspect',
      'inspect',
      'inspect',
      'inspect',
      'file',
      'file',
      'file',
      'file',
      'commit',
    ]);
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

  it('refuses an unmigrated database with a clear message and exit 2, as validate does', async () => {
    const dir = newDir();
    const { code, stderr } = await seed([], { DATABASE_URL: join(dir, 'empresa.db'), LOG_DIR: join(dir, 'logs') });
    expect(code).toBe(2);
    expect(stderr).toContain('npm run migrate');
  });

  it('rejects a malformed --as-of', async () => {
    const env = await migrated();
    const { code, stderr } = await seed(['--as-of', '2025-02-30'], env);
    expect(code).toBe(2);
    expect(stderr).toContain('--as-of');
  });

  describe('a truncated ventas.csv (the header only) after a good load', () => {
    function truncatedData(): string {
      const dir = newDir();
      cpSync('data', dir, { recursive: true });
      writeFileSync(join(dir, 'ventas.csv'), readFileSync('data/ventas.csv', 'utf8').split('\n')[0] + '\n');
      return dir;
    }

    it.each(DIALECTS)('is refused with exit 2 and a JSON row_count_drop error; the previous load stays whole (%s)', async (dialect) => {
      const env = await migrated(dialect);
      const good = JSON.parse((await seed(['--json', '--as-of', '2025-01-01'], env)).stdout);
      const db = openDatabase(env.DATABASE_URL);
      try {
        const before = await dataSnapshot(db);
        const { code, stdout } = await seed(['--json', '--as-of', '2025-01-01', '--data-dir', truncatedData()], env);
        expect(code).toBe(2);
        expect(stdout.trim().split('\n')).toHaveLength(1);
        const { status, error } = JSON.parse(stdout);
        expect(status).toBe('error');
        expect(error).toMatchObject({
          code: 'row_count_drop',
          file: 'ventas.csv',
          details: { previousLoadId: good.loadId, files: [{ file: 'ventas.csv', loaded: 0, previous: 5317 }] },
        });
        expect(error.message).toMatch(/ventas\.csv loaded 0 rows, under 50% of the 5317 .*--allow-drop/);
        expect(await dataSnapshot(db)).toEqual(before);
        const loads = await db.selectFrom('cargas').select(['estado', 'error_codigo']).orderBy('id').execute();
        expect(loads).toEqual([
          { estado: 'ok', error_codigo: null },
          { estado: 'error', error_codigo: 'row_count_drop' },
        ]);
      } finally {
        await db.destroy();
      }
    });

    it('says why and how to override on stderr without --json, and loads it with --allow-drop', async () => {
      const env = await migrated();
      await seed([], env);
      const dir = truncatedData();
      const refused = await seed(['--data-dir', dir], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('FAILED (row_count_drop): ventas.csv loaded 0 rows');
      expect(refused.stderr).toContain('--allow-drop');

      const allowed = await seed(['--json', '--data-dir', dir, '--allow-drop'], env);
      expect(allowed.code).toBe(0);
      const report = JSON.parse(allowed.stdout);
      expect(report).toMatchObject({ status: 'ok', files: { ventas: { loaded: 0 } } });
      // Accepted on purpose: the validation reports the drop without failing on it.
      const run = await runScript('scripts/validate.ts', ['--json'], env);
      const check = JSON.parse(run.stdout).results.find((r: { code: string }) => r.code === 'row_count_drop');
      expect(check).toMatchObject({ passed: true, details: { files: { ventas: { loaded: 0, previous: 5317, accepted: true } } } });
    });

    it('is loaded as the first load of an empty database', async () => {
      const env = await migrated();
      const { code, stdout } = await seed(['--json', '--data-dir', truncatedData()], env);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ status: 'ok', files: { ventas: { loaded: 0 } } });
    });
  });
});
