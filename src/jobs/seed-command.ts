// How to run the seed as a child process from here: the compiled `dist/seeds/seed.js` when this module is
// compiled, the TypeScript source under tsx when it runs from the sources (tests, `npm run dev`).
import { fileURLToPath } from 'node:url';

export interface Command {
  file: string;
  args: string[];
}

export function seedCommand(args: string[]): Command {
  const fromSources = import.meta.url.endsWith('.ts');
  const seed = fileURLToPath(new URL(`../../seeds/seed.${fromSources ? 'ts' : 'js'}`, import.meta.url));
  const loader = fromSources ? ['--import', import.meta.resolve('tsx')] : [];
  return { file: process.execPath, args: [...loader, seed, ...args] };
}
