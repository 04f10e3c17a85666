import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every `.ts` file under these folders. */
function sources(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
    }),
  );
}

/** The variables the code reads: `env.NAME`, `env['NAME']`, and the `...Env` names of config/alerting.json. */
function variablesRead(): string[] {
  const names = new Set<string>();
  for (const file of sources('src', 'scripts', 'seeds', 'bench', 'tests/helpers')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\benv(?:\?)?(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g))
      names.add((m[1] ?? m[2])!);
    for (const m of readFileSync(file, 'utf8').matchAll(/positiveInt\(env, '([A-Z0-9_]+)'|flag\(env, '([A-Z0-9_]+)'/g))
      names.add((m[1] ?? m[2])!);
  }
  for (const m of readFileSync('config/alerting.json', 'utf8').matchAll(/"\w+Env": "([A-Z0-9_]+)"/g)) names.add(m[1]!);
  return [...names].sort();
}

describe('the environment variables', () => {
  const read = variablesRead();
  const example = readFileSync('.env.example', 'utf8');
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('### Environment variables'), readme.indexOf('## The seed'));

  it('are found in the code (the scan itself works)', () => {
    expect(read).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORT', 'S3_PART_SIZE_MB', 'SLACK_WEBHOOK_URL', 'TEST_POSTGRES_URL']));
  });

  it.each(read)('%s is in .env.example and in the README table', (name) => {
    expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    expect(table).toContain(`\`${name}\``);
  });
});
