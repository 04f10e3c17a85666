// Starts a worker thread from a module URL; TypeScript modules get the tsx loader registered first,
// which works the same under `tsx`, `node --import tsx` and vitest.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';

// Heap limits for the parser thread, measured on 1M sales (BENCHMARKS.md): a 16 MB young generation
// halves scavenger time against the default. The old generation's limit is a ceiling against a runaway,
// not what keeps RSS flat (the seed's --heap-growing-percent does that: 64 and 256 MB gave the same peak
// on shape C): at 64 MB, a stock file with 200k distinct warehouse names failed the load.
const PARSER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 };

export function startWorker(module: URL, workerData: unknown, resourceLimits: ResourceLimits = PARSER_LIMITS): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { workerData, resourceLimits });
  // The ESM entry of tsx's API, found through its package.json (require.resolve would give the CommonJS one).
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (createRequire(import.meta.url)('tsx/package.json') as { exports: Record<string, { import: { default: string } }> })
    .exports;
  const tsxApi = pathToFileURL(join(dirname(tsxPackage), exports['./esm/api']!.import.default)).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
