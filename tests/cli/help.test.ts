import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/process/exit-codes.ts';
import { runScript } from '../helpers/run-script.ts';

const COMMANDS = [
  ['migrate', 'scripts/migrate.ts'],
  ['seed', 'seeds/seed.ts'],
  ['validate', 'scripts/validate.ts'],
  ['upload', 'scripts/upload.ts'],
  ['validar-y-enviar', 'scripts/validar-y-enviar.ts'],
  ['breaker', 'scripts/breaker.ts'],
  ['generate-data', 'scripts/generate-data.ts'],
] as const;

describe('--help of every command', () => {
  it.each(COMMANDS)('npm run %s -- --help prints the shared layout on stdout and exits 0, touching nothing', async (name, script) => {
    // A database that does not exist: --help must not need (or create) one.
    const { code, stdout, stderr } = await runScript(script, ['--help'], { DATABASE_URL: '/nonexistent/dir/empresa.db' });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^usage: npm run ${name} -- `));
    expect(lines[1]).toBe('');
    expect(lines[2]!.length).toBeGreaterThan(20); // the summary
    expect(lines).toContain('options:');
    expect(lines.some((l) => /^ {2}-h, --help +print this help and exit$/.test(l))).toBe(true);
    const exitsAt = lines.indexOf('exit codes (one table for every command: README, "Exit codes"):');
    expect(exitsAt).toBeGreaterThan(lines.indexOf('options:'));
    const codes = lines.slice(exitsAt + 1).map((l) => Number(/^ {2}(\d+) /.exec(l)?.[1]));
    expect(codes.length).toBeGreaterThan(0);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    for (const c of codes) expect(Object.values(EXIT)).toContain(c);
    expect(codes).toContain(EXIT.ok);
    expect(codes).toContain(EXIT.usage);
  });

  it('-h is --help, and --help wins over a mistake elsewhere on the line', async () => {
    const { code, stdout } = await runScript('seeds/seed.ts', ['--as-of', 'never', '-h'], {});
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run seed -- \[--data-dir DIR\] \[--as-of YYYY-MM-DD\] \[--allow-drop\] \[--json\]\n/);
  });
});
