import { execFile } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadEnvFile, parseEnvText } from '../../src/cli/env-file.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const exec = promisify(execFile);
const newDir = tempDirs();
const TSX = import.meta.resolve('tsx');

/** Runs a command from `cwd` (where its .env is), with the real environment minus the variables under test. */
async function runIn(cwd: string, script: string, args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.LOG_DIR;
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', TSX, resolve(script), ...args], { cwd, env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('.env', () => {
  it('parses KEY=value lines: comments, blank lines, export, quotes and trailing comments', () => {
    const text =
      '# a comment\n\nDATABASE_URL=db/x.db\nexport PORT=8080\nPUBLIC_URL="https://ventas.example.com" # the public address\nS3_PREFIX=a b # c\nEMPTY=\nnot a line\r\nQ=\'#not a comment\'\n';
    expect(parseEnvText(text)).toEqual({
      DATABASE_URL: 'db/x.db',
      PORT: '8080',
      PUBLIC_URL: 'https://ventas.example.com',
      S3_PREFIX: 'a b',
      EMPTY: '',
      Q: '#not a comment',
    });
  });

  it('never overrides the real environment, and is skipped when absent', () => {
    const files: Record<string, string> = { '.env': 'A=file\nB=file\n' };
    const deps = { exists: (p: string) => p in files, read: (p: string) => files[p]! };
    const env: NodeJS.ProcessEnv = { A: 'real' };
    expect(loadEnvFile('.env', env, deps)).toBe(true);
    expect(env).toEqual({ A: 'real', B: 'file' });
    expect(loadEnvFile('missing.env', env, deps)).toBe(false);
  });

  it('npm run migrate and the seed both use the DATABASE_URL of .env; a variable set in the environment wins', async () => {
    // A project folder of its own (the commands read .env and config/ from the working directory).
    const cwd = newDir();
    cpSync('config', join(cwd, 'config'), { recursive: true });
    writeFileSync(join(cwd, '.env'), `DATABASE_URL=from-env-file/empresa.db\nLOG_DIR=${join(cwd, 'logs')}\n`);
    const migrated = await runIn(cwd, 'scripts/migrate.ts', []);
    expect(migrated.code).toBe(0);
    expect(existsSync(join(cwd, 'from-env-file', 'empresa.db'))).toBe(true);
    const status = await runIn(cwd, 'scripts/migrate.ts', ['status']);
    expect(status.stdout).toContain(`database: ${join(cwd, 'from-env-file', 'empresa.db')}`);

    const seeded = await runIn(cwd, 'seeds/seed.ts', ['--json', '--data-dir', resolve('data')]);
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.stdout)).toMatchObject({ status: 'ok' });

    // The real environment wins over .env: this database does not exist, so the seed finds it unmigrated.
    const other = await runIn(cwd, 'seeds/seed.ts', ['--json', '--data-dir', resolve('data')], { DATABASE_URL: join(cwd, 'other.db') });
    expect(other.code).toBe(2);
    expect(JSON.parse(other.stdout)).toMatchObject({ error: { code: 'pending_migrations' } });
  }, 240_000); // several real commands one after another: slow on a busy machine
});
