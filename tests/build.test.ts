// The compiled commands the npm scripts run (`npm run build` -> dist/): migrations found as .js, the
// ventas worker started from its .js file, the report's assets copied; same results as the sources.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from './helpers/temp-dir.ts';

const exec = promisify(execFile);
const newDir = tempDirs();
const manifest = JSON.parse(readFileSync('data/manifest.json', 'utf8')) as {
  files: Record<string, { read: number; loaded: number; quarantined: number }>;
};

describe('the compiled build', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    await exec('npm', ['run', 'build', '--silent']);
    const dir = newDir();
    env = { ...process.env, DATABASE_URL: join(dir, 'empresa.db'), LOG_DIR: join(dir, 'logs') } as Record<string, string>;
  }, 120_000);

  it('migrates and seeds the bundled data with the same counts as the generator made', async () => {
    expect(existsSync('dist/src/report/public/report.js')).toBe(true);
    const migrate = await exec(process.execPath, ['dist/scripts/migrate.js'], { env });
    expect(migrate.stdout).toContain('0006_alertas');
    const { stdout } = await exec(process.execPath, ['dist/seeds/seed.js', '--data-dir', 'data', '--json'], { env });
    const report = JSON.parse(stdout) as { status: string; files: Record<string, { read: number; loaded: number; quarantined: number }> };
    expect(report.status).toBe('ok');
    for (const [file, counts] of Object.entries(manifest.files)) {
      expect(report.files[file], file).toMatchObject({ read: counts.read, loaded: counts.loaded, quarantined: counts.quarantined });
    }
  });

  it('bundles the short-lived commands and their workers into one file each (kysely inlined, other packages external)', () => {
    for (const entry of [
      'seeds/seed.js',
      'scripts/validate.js',
      'scripts/validar-y-enviar.js',
      'src/etl/file-worker.js',
      'src/profile/profile-worker.js',
    ]) {
      const text = readFileSync(join('dist', entry), 'utf8');
      expect(text, entry).not.toMatch(/^import\b[^;]*\bfrom\s*["']\.\.?\//m);
      expect(text, entry).not.toMatch(/^import\b[^;]*\bfrom\s*["']kysely["']/m);
    }
    // The worker is found beside its starter's compiled file, as without the bundle.
    expect(readFileSync('dist/seeds/seed.js', 'utf8')).toContain('new URL("../src/etl/stream-in-worker.js", import.meta.url).href');
  });

  it('validates with the bundled command and exits by the gate', async () => {
    const run = await exec(process.execPath, ['dist/scripts/validate.js', '--json', '--fail-on', 'critical'], { env });
    expect(JSON.parse(run.stdout)).toMatchObject({ status: expect.any(String) });
  });

  it('serves the report page, its assets and GraphQL', async () => {
    const child: ChildProcess = spawn(process.execPath, ['dist/src/server.js'], { env: { ...env, PORT: '0' } });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + 30_000;
      while (!/http:\/\/localhost:(\d+)\//.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const base = `http://127.0.0.1:${/http:\/\/localhost:(\d+)\//.exec(out)![1]}`;
      expect((await fetch(`${base}/`)).status).toBe(200);
      expect((await fetch(`${base}/assets/report.js`)).status).toBe(200);
      const gql = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ ventas(first: 1) { totalCount } }' }),
      });
      expect(await gql.json()).toEqual({ data: { ventas: { totalCount: manifest.files.ventas!.loaded } } });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
