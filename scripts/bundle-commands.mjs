// Build step after `tsc` (npm run build): rewrites the short-lived commands the npm scripts run, and the
// worker threads they start, as one file each, over tsc's output of the same name. Node 20 loads an ES module
// graph file by file: the seed's 200 modules of ours plus kysely's 280 took about 0.3 s before any work, on
// every seed, validate and monitor run and in each file worker. One bundled file loads in about a third of that
// (BENCHMARKS.md). The server and `migrate` stay as tsc emitted them (long-lived, or loading migrations that
// import kysely themselves).
//
// Bundled from the TypeScript sources, not from dist/: tsc's incremental build re-emits only changed files,
// so a bundle made from dist/ could keep a dependency's old code. Every package stays external (resolved in
// node_modules at run time, as before) except kysely: it is pure ESM and the bulk of the module count.
//
// `import.meta.url` keeps meaning "this module's compiled file": in each bundled module it is rewritten to
// the URL its dist/ counterpart has, relative to the bundle's own URL, so a worker started as
// `new URL('./file-worker.js', import.meta.url)` and `migrations/` are found where they always were.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(root, 'dist');

/** Sources whose compiled file is replaced by a bundle (same path under dist/, .js). */
export const BUNDLED_ENTRIES = [
  'seeds/seed.ts',
  'scripts/validate.ts',
  'scripts/validar-y-enviar.ts',
  'src/etl/file-worker.ts',
  'src/profile/profile-worker.ts',
];

/** Packages bundled in; every other bare import stays an import resolved in node_modules. */
const INLINED_PACKAGES = /^kysely(\/|$)/;

const distPathOf = (source) => join(outRoot, relative(root, source)).replace(/\.ts$/, '.js');

function plugin(bundleFile) {
  const bundleDir = dirname(bundleFile);
  return {
    name: 'keep-module-urls',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (INLINED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true }));
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        let contents = await readFile(args.path, 'utf8');
        if (contents.includes('import.meta.url')) {
          const target = relative(bundleDir, distPathOf(args.path)).split('\\').join('/');
          const url = `new URL(${JSON.stringify(target.startsWith('.') ? target : `./${target}`)}, import.meta.url).href`;
          contents = contents.replaceAll('import.meta.url', url);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

for (const entry of BUNDLED_ENTRIES) {
  const outfile = distPathOf(join(root, entry));
  await esbuild.build({
    entryPoints: [join(root, entry)],
    outfile,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Class and function names stay as written: errors and logs name them.
    keepNames: true,
    logLevel: 'warning',
    plugins: [plugin(outfile)],
  });
}
