// `npm run generate-data` with a shape, read as a specification: the options it takes, what it
// refuses, and that the real seed command loads the set it writes exactly as its manifest says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs('generate-cli-');
const generate = (args: string[]) => runScript('scripts/generate-data.ts', args, {});
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

describe('npm run generate-data -- --shape', () => {
  it('scales the shape with --scale (any case of the name) and lets --sales override its size', async () => {
    const out = newDir();
    const r = await generate(['--shape', 'b', '--scale', '0.001', '--sales', '321', '--seed', '3', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Generated .* \(shape B, seed 3\) in [\d.]+ s \(peak RSS \d+ MB\)/);
    expect(manifestOf(out).generator).toEqual({ shape: 'B', seed: 3, sales: 321, inventory: 1000 });
  });

  it.each([
    [['--shape', 'E'], /--shape must be one of A, B, C, D/],
    [['--scale', '0.5'], /--scale needs --shape/],
    [['--shape', 'A', '--scale', '0'], /--scale must be a number > 0/],
    [['--shape', 'A', '--sales', '1e3'], /--sales must be a whole number/],
  ])('refuses %j with exit code 2 and the usage', async (args, message) => {
    const r = await generate([...args, '--out', newDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: npm run generate-data');
  });

  it('writes a set the seed command loads exactly as the manifest says (shape C, heavy quarantine)', async () => {
    const out = newDir();
    expect((await generate(['--shape', 'C', '--scale', '0.003', '--out', out])).code).toBe(0);
    const work = newDir();
    const env = { DATABASE_URL: join(work, 'empresa.db'), LOG_DIR: join(work, 'logs') };
    expect((await runScript('scripts/migrate.ts', [], env)).code).toBe(0);
    const manifest = manifestOf(out);
    const seed = await runScript('seeds/seed.ts', ['--data-dir', out, '--as-of', manifest.asOf, '--json'], env);
    expect(seed.code).toBe(0);
    const report = JSON.parse(seed.stdout);
    expect(report.status).toBe('ok');
    expect(report.files).toEqual(manifest.files);
  });
});
