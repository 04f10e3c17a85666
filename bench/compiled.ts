// Benchmarks time the commands as `npm run <command>` runs them: compiled to dist/ by `npm run build`.
import { spawnSync } from 'node:child_process';

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
