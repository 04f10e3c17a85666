// How to run the seed as a child process from here: the compiled `dist/seeds/seed.js` when this module is
// compiled, the TypeScript source under tsx when it runs from the sources (tests, `npm run dev`).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Command {
  file: string;
  args: string[];
}

/** tsx's loader, found through its package.json (works under vitest, where import.meta.resolve may not). */
function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('tsx/package.json');
  const main = (require('tsx/package.json') as { exports: Record<string, unknown> }).exports['.'];
  return pathToFileURL(join(dirname(pkg), typeof main === 'string' ? main : 'dist/loader.mjs')).href;
}

/**
 * V8 flags for a process that loads: a 4 MB young generation (rows die young; a larger one only grows RSS)
 * and an old generation grown 10% at a time instead of V8's lazier default, which kept 30 MB of garbage on
 * shapes B and C (BENCHMARKS.md). A growth factor, not a cap: a large live set still fits. `npm run seed`
 * and `npm run validar-y-enviar` pass the same flags (tests/jobs/seed-command.test.ts holds them equal).
 */
export const LOAD_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=10'];

export function seedCommand(args: string[]): Command {
  const fromSources = import.meta.url.endsWith('.ts');
  const seed = fileURLToPath(new URL(`../../seeds/seed.${fromSources ? 'ts' : 'js'}`, import.meta.url));
  const loader = fromSources ? ['--import', tsxLoader()] : [];
  return { file: process.execPath, args: [...LOAD_NODE_FLAGS, ...loader, seed, ...args] };
}
