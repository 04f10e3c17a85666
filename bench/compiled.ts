// Benchmarks time the commands as `npm run <command>` runs them: compiled to dist/ by `npm run build`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let built = false;

/** The compiled path of a command's source file (`seeds/seed.ts` -> `dist/seeds/seed.js`), built once per run. */
export function compiled(script: string): string {
  if (!built) {
    const r = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
    built = true;
  }
  return `dist/${script.replace(/\.ts$/, '.js')}`;
}

/**
 * The node arguments of an npm script of the form `node [flags] dist/....js` (package.json is the one
 * source of the flags), built first: benchmarks run a command exactly as `npm run <name>` does, minus npm.
 */
export function npmScriptArgs(name: string): string[] {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts[name] ?? '').trim().split(/\s+/);
  if (words[0] !== 'node' || !words.at(-1)?.startsWith('dist/'))
    throw new Error(`npm script ${name} is not "node [flags] dist/...": ${scripts[name]}`);
  compiled(words.at(-1)!.slice('dist/'.length).replace(/\.js$/, '.ts'));
  return words.slice(1);
}
