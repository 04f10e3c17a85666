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

export function seedCommand(args: string[]): Command {
  const fromSources = import.meta.url.endsWith('.ts');
  const seed = fileURLToPath(new URL(`../../seeds/seed.${fromSources ? 'ts' : 'js'}`, import.meta.url));
  const loader = fromSources ? ['--import', tsxLoader()] : [];
  return { file: process.execPath, args: [...loader, seed, ...args] };
}
