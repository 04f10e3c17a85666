import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../src/cli/suggest.ts';
import { runScript } from '../helpers/run-script.ts';

describe('the nearest flag', () => {
  it('counts one edit for an insertion, a deletion, a substitution or two swapped letters', () => {
    expect(editDistance('--data-dir', '--data-dir')).toBe(0);
    expect(editDistance('--data-dri', '--data-dir')).toBe(1);
    expect(editDistance('--datadir', '--data-dir')).toBe(1);
    expect(editDistance('--fail-of', '--fail-on')).toBe(1);
    expect(editDistance('--jsonn', '--json')).toBe(1);
  });

  it('suggests a flag within two edits (or one the input starts), and nothing further away', () => {
    const flags = ['--data-dir', '--as-of', '--allow-drop', '--json', '--help'];
    expect(nearest('--data-dri', flags)).toBe('--data-dir');
    expect(nearest('--asof', flags)).toBe('--as-of');
    expect(nearest('--allow', flags)).toBe('--allow-drop');
    expect(nearest('--verbose', flags)).toBeNull();
  });
});

describe('a mistyped flag on a real command', () => {
  it('is refused with exit 2, the nearest flag and the usage line, before any work', async () => {
    const { code, stdout, stderr } = await runScript('seeds/seed.ts', ['--data-dri', 'data'], {
      DATABASE_URL: '/nonexistent/dir/empresa.db',
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: unknown option --data-dri; did you mean --data-dir?\n' +
        'usage: npm run seed -- [--data-dir DIR] [--as-of YYYY-MM-DD] [--allow-drop] [--json]\n' +
        '(npm run seed -- --help for every option and exit code)\n',
    );
  });

  it('with --json is one JSON usage error on stdout', async () => {
    const { code, stdout } = await runScript('scripts/validate.ts', ['--json', '--fial-on', 'critical'], {});
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      status: 'error',
      error: { code: 'usage', message: 'unknown option --fial-on; did you mean --fail-on?' },
    });
  });

  it("in the monitor's JSON shape for validar-y-enviar", async () => {
    const { code, stdout } = await runScript('scripts/validar-y-enviar.ts', ['--json', '--max-aeg', '1h'], {});
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ outcome: 'usage', exitCode: 2, message: 'unknown option --max-aeg; did you mean --max-age?' });
  });

  it('names the nearest sub-command of migrate and the nearest job of breaker', async () => {
    const migrate = await runScript('scripts/migrate.ts', ['stauts'], {});
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toContain('unknown command "stauts": use up, down, status; did you mean status?');
    const breaker = await runScript('scripts/breaker.ts', ['reset', 'lod'], {});
    expect(breaker.code).toBe(2);
    expect(breaker.stderr).toContain('did you mean load?');
  });

  it('an unknown flag far from every known one gets no guess', async () => {
    const { code, stderr } = await runScript('scripts/upload.ts', ['--verbose'], {});
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('error: unknown option --verbose');
  });
});
