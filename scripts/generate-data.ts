// `npm run generate-data -- [--shape A|B|C|D [--scale F]] [--sales N] [--inventory M] [--seed S] [--out DIR]`:
// writes a dirty data set and its expected outcome (manifest.json, expected-quarantine.csv).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_INVENTORY, DEFAULT_SALES, DEFAULT_SEED, generateData } from '../src/datagen/generate.ts';
import { shapeDir } from '../src/datagen/shape-dir.ts';
import { isShapeName, SHAPE_NAMES, SHAPES } from '../src/datagen/shapes.ts';

const USAGE = `usage: npm run generate-data -- [--shape A|B|C|D [--scale F]] [--sales N] [--inventory M] [--seed S] [--out DIR]
  without --shape: the bundled set's generator; defaults --sales ${DEFAULT_SALES} --inventory ${DEFAULT_INVENTORY} --seed ${DEFAULT_SEED} --out data
  with --shape: its sizes times --scale (default 1; --sales and --inventory override them), --out bench/.cache/<shape>
${SHAPE_NAMES.map((n) => `    ${n}: ${SHAPES[n].summary}`).join('\n')}`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        shape: { type: 'string' },
        scale: { type: 'string' },
        sales: { type: 'string' },
        inventory: { type: 'string' },
        seed: { type: 'string', default: String(DEFAULT_SEED) },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
}
const values = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replaceAll('_', ''));
  if (!/^\d[\d_]*$/.test(text) || !Number.isSafeInteger(n)) fail(`--${name} must be a whole number >= 0, got ${JSON.stringify(text)}`);
  return n;
}

const shape = values.shape?.toUpperCase();
if (shape !== undefined && !isShapeName(shape)) fail(`--shape must be one of ${SHAPE_NAMES.join(', ')}, got ${JSON.stringify(values.shape)}`);
const scale = values.scale === undefined ? undefined : Number(values.scale);
if (scale !== undefined && (!(scale > 0) || !Number.isFinite(scale))) fail(`--scale must be a number > 0, got ${JSON.stringify(values.scale)}`);
if (scale !== undefined && shape === undefined) fail('--scale needs --shape');
const seed = count('seed', values.seed)!;
const out = resolve(values.out ?? (shape ? shapeDir(shape, scale) : 'data'));
const options = { out, seed, shape, scale, sales: count('sales', values.sales), inventory: count('inventory', values.inventory) };

// A progress line only where someone is watching, and only when it takes long enough to matter.
const expectedRows = shape ? SHAPES[shape].sales * (scale ?? 1) + SHAPES[shape].inventory * (scale ?? 1) : (options.sales ?? 0) + (options.inventory ?? 0);
const showProgress = process.stderr.isTTY && expectedRows >= 200_000;
let lastShown = 0;
const started = performance.now();
const manifest = await generateData({
  ...options,
  onProgress: showProgress
    ? (file, done, total) => {
        const now = performance.now();
        if (now - lastShown < 200 && done < total) return;
        lastShown = now;
        process.stderr.write(`\r${file}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows`);
        if (done === total) process.stderr.write('\n');
      }
    : undefined,
});
const seconds = (performance.now() - started) / 1000;
const peakMb = process.resourceUsage().maxRSS / 1024;

const what = shape ? `shape ${shape}, seed ${seed}` : `seed ${seed}`;
console.log(`Generated ${out} (${what}) in ${seconds.toFixed(1)} s (peak RSS ${peakMb.toFixed(0)} MB), as of ${manifest.asOf}:`);
for (const [key, f] of Object.entries(manifest.files)) {
  console.log(`  ${`${key}.csv`.padEnd(15)} read ${String(f.read).padStart(9)}  loaded ${String(f.loaded).padStart(9)}  quarantined ${String(f.quarantined).padStart(7)}`);
}
console.log(`  category units: ${Object.entries(manifest.categorySummary).map(([c, n]) => `${c} ${n}`).join(', ')}`);
