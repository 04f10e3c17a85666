import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failOnGate, gateLine } from '../../src/cli/fail-on-gate.ts';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

const results = [
  { code: 'database_structure', severity: 'CRITICAL', passed: true },
  { code: 'duplicate_sales', severity: 'ERROR', passed: false },
  { code: 'row_count_drop', severity: 'CRITICAL', passed: false },
  { code: 'returns', severity: 'WARNING', passed: false },
] as const;

describe("validate's closing line", () => {
  it('names the failed checks at or above --fail-on, most severe first, and the exit code they give', () => {
    expect(gateLine(failOnGate(results, 'ERROR'), 'ERROR')).toBe(
      'exit 1: 2 failed checks at or above --fail-on error: row_count_drop (CRITICAL), duplicate_sales (ERROR)',
    );
  });

  it('says that none did, and which failed below the threshold', () => {
    const passing = results.filter((r) => r.severity !== 'CRITICAL');
    expect(gateLine(failOnGate(passing, 'CRITICAL'), 'CRITICAL')).toBe(
      'exit 0: no failed check at or above --fail-on critical; below it: duplicate_sales (ERROR), returns (WARNING)',
    );
    expect(gateLine(failOnGate([], 'WARNING'), 'WARNING')).toBe('exit 0: no failed check at or above --fail-on warning');
  });

  it('ends the report of the real command on the bundled data', async () => {
    const dir = newDir();
    const env = { DATABASE_URL: join(dir, 'empresa.db'), LOG_DIR: join(dir, 'logs') };
    await runScript('scripts/migrate.ts', [], env);
    expect((await runScript('seeds/seed.ts', ['--json'], env)).code).toBe(0);
    const failing = await runScript('scripts/validate.ts', ['--as-of', '2025-01-01'], env);
    expect(failing.code).toBe(1);
    const last = failing.stdout.trimEnd().split('\n').at(-1);
    expect(last).toMatch(/^exit 1: \d+ failed checks at or above --fail-on error: /);
    expect(last).toContain('duplicate_sales (ERROR)');
    expect(last).not.toContain('(WARNING)');

    const passing = await runScript('scripts/validate.ts', ['--as-of', '2025-01-01', '--fail-on', 'critical', '--json'], env);
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.stdout)).toMatchObject({ status: 'ERROR' }); // stdout stays one JSON object
    expect(passing.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^exit 0: no failed check at or above --fail-on critical; below it: .*duplicate_sales \(ERROR\)/,
    );
  }, 240_000); // several real commands one after another: slow on a busy machine
});
