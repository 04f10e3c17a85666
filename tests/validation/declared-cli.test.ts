// Declared checks through the real commands: `npm run validate` (--lint, --check, --checks) and a seed
// with a bad checks file, on the bundled data.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CHECKS } from '../../src/validation/checks/index.ts';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { runScript as run } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

const BAD = `tables:
  ventas:
    - name: a
      kind: rowcount
      severity: ERROR
    - name: b
      kind: missing
      column: clienteid
      severity: ERROR
    - name: c
      kind: sql
      severity: ERROR
      query: select 1; delete from ventas
`;

async function loadedEnv(checksFile?: string): Promise<Record<string, string>> {
  const dir = newDir();
  const env: Record<string, string> = {
    DATABASE_URL: join(dir, 'empresa.db'),
    LOG_DIR: join(dir, 'logs'),
    ...(checksFile ? { CHECKS_FILE: checksFile } : {}),
  };
  await run('scripts/migrate.ts', [], env);
  const seeded = await run('seeds/seed.ts', ['--json'], env);
  expect(seeded.code).toBe(0);
  return env;
}

function badFile(): string {
  const path = join(newDir(), 'bad.yml');
  writeFileSync(path, BAD);
  return path;
}

describe('npm run validate with declared checks', () => {
  it('--lint reports every error with file, line and column and exits 2, without a database', async () => {
    const path = badFile();
    const { code, stderr } = await run('scripts/validate.ts', ['--lint', '--checks', path], { DATABASE_URL: join(newDir(), 'none.db') });
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/bad\.yml:4:13: unknown kind "rowcount" \(expected one of row_count, /);
    expect(lines[1]).toMatch(/bad\.yml:8:15: unknown column "clienteid" in table ventas \(it has: venta_id, fecha, /);
    expect(lines[2]).toMatch(/bad\.yml:13:14: expected a single SELECT statement, found more than one/);
    expect(lines[3]).toMatch(/3 errors; none of its checks will run/);
    const json = await run('scripts/validate.ts', ['--lint', '--json'], { CHECKS_FILE: path });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'error',
      errors: [
        { line: 4, column: 13 },
        { line: 8, column: 15 },
        { line: 13, column: 14 },
      ],
    });
  });

  it('--lint passes the shipped config/checks.yml', async () => {
    const { code, stdout } = await run('scripts/validate.ts', ['--lint'], {});
    expect(code).toBe(0);
    expect(stdout).toMatch(/config\/checks\.yml: ok, \d+ declared checks/);
  });

  it('runs the shipped checks with the built-in ones on the bundled data: stored, alerted, not critical', async () => {
    const env = await loadedEnv();
    const { code, stdout } = await run('scripts/validate.ts', ['--json', '--as-of', '2025-01-01', '--fail-on', 'critical'], env);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const codes = report.results.map((r: { code: string }) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'database_structure',
        'load_freshness',
        'ventas_no_vacias',
        'precio_cerca_de_lista',
        'cliente_concentrado',
        'almacenes_al_dia',
      ]),
    );
    const price = report.results.find((r: { code: string }) => r.code === 'precio_cerca_de_lista');
    expect(price).toMatchObject({ passed: false, severity: 'WARNING', runbook: 'config/checks.yml#precio_cerca_de_lista' });
    expect(price.rowsAffected).toBeGreaterThan(0);
    expect(price.samples.length).toBeLessThanOrEqual(5);
    expect(price.impact.unidades).toBeGreaterThan(0);
    const alerts = readFileSync(join(env.LOG_DIR!, 'alertas.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(alerts.find((a) => a.check === 'precio_cerca_de_lista' && a.runId === report.id)).toMatchObject({
      severity: 'WARNING',
      rowsAffected: price.rowsAffected,
    });
    const db = openDatabase(env.DATABASE_URL!);
    try {
      const stored = await db
        .selectFrom('validacion_resultados')
        .select('codigo')
        .where('validacion_id', '=', report.id)
        .orderBy('id')
        .execute();
      expect(stored.map((r) => r.codigo)).toEqual(codes);
    } finally {
      await db.destroy();
    }
  });

  it('--check NAME runs that one check and prints it, without storing a run', async () => {
    const env = await loadedEnv();
    const { code, stdout } = await run('scripts/validate.ts', ['--check', 'almacenes_al_dia', '--fail-on', 'critical'], env);
    expect(code).toBe(0);
    expect(stdout).toContain('almacenes_al_dia');
    expect(stdout).toMatch(/sample: \{"almacen":/);
    expect(stdout).not.toContain('database_structure');
    const unknown = await run('scripts/validate.ts', ['--check', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no check named "nope" \(checks: database_structure, .*almacenes_al_dia/);
    const db = openDatabase(env.DATABASE_URL!);
    try {
      const runs = await db.selectFrom('validaciones').select('origen').execute();
      expect(runs.map((r) => r.origen)).toEqual(['seed']);
    } finally {
      await db.destroy();
    }
  });

  it('a bad checks file never breaks the load: the seed loads, and validation reports CHECKS_FILE_INVALID', async () => {
    const path = badFile();
    const env = await loadedEnv(path);
    const { code, stdout, stderr } = await run('scripts/validate.ts', ['--json', '--fail-on', 'critical'], env);
    expect(code).toBe(0);
    // With --json the only line on stderr is the closing one naming what decided the exit code.
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^exit 0: no failed check at or above --fail-on critical/)]);
    const report = JSON.parse(stdout);
    expect(report.results.filter((r: { code: string }) => r.code !== 'checks_file')).toHaveLength(ALL_CHECKS.length);
    expect(report.results.find((r: { code: string }) => r.code === 'checks_file')).toMatchObject({
      passed: false,
      severity: 'ERROR',
      rowsAffected: 3,
      error: expect.stringMatching(
        /^CHECKS_FILE_INVALID: 3 errors in the checks file, none of its checks ran \(first: .*bad\.yml:4:13: unknown kind/,
      ),
      details: {
        code: 'CHECKS_FILE_INVALID',
        errors: [
          { line: 4, column: 13 },
          { line: 8, column: 15 },
          { line: 13, column: 14 },
        ],
      },
    });
    const text = await run('scripts/validate.ts', ['--fail-on', 'critical'], env);
    expect(text.stderr).toMatch(/bad\.yml:4:13: unknown kind/);
  });

  it('switches built-in checks off and changes their severity from the file', async () => {
    const path = join(newDir(), 'builtin.yml');
    writeFileSync(path, 'builtin:\n  returns: { enabled: false }\n  future_dates: { severity: CRITICAL }\n');
    const env = await loadedEnv(path);
    const { code, stdout } = await run('scripts/validate.ts', ['--json', '--as-of', '2025-01-01', '--fail-on', 'critical'], env);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    // Every built-in check but the one switched off.
    expect(report.results).toHaveLength(ALL_CHECKS.length - 1);
    expect(report.results.find((r: { code: string }) => r.code === 'future_dates')).toMatchObject({ passed: false, severity: 'CRITICAL' });
    expect(report.status).toBe('CRITICAL');
  });
});
