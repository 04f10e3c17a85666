// `npm run generate-data -- [--shape A|B|C|D [--scale F]] [--sales N] [--inventory M] [--seed S] [--out DIR]`:
// writes a dirty data set and its expected outcome (manifest.json, expected-quarantine.csv).
import '../src/cli/load-env.ts';
import { resolve } from 'node:path';
import type { CommandSpec } from '../src/cli/command-spec.ts';
import { EXIT } from '../src/process/exit-codes.ts';
import { parseCommand, usageMessage } from '../src/cli/parse-args.ts';
import { DEFAULT_INVENTORY, DEFAULT_SALES, DEFAULT_SEED, generateData } from '../src/datagen/generate.ts';
import { shapeDir } from '../src/datagen/shape-dir.ts';
import { isShapeName, SHAPE_NAMES, SHAPES } from '../src/datagen/shapes.ts';

const SPEC: CommandSpec = {
  name: 'generate-data',
  synopsis: '[--shape A|B|C|D [--scale F]] [--sales N] [--inventory M] [--seed S] [--out DIR]',
  summary: 'Writes a deterministic dirty data set and its expected outcome (manifest.json, expected-quarantine.csv).',
  options: {
    shape: { type: 'string', value: 'A|B|C|D', description: "a benchmark shape's sizes and dirt (see below)" },
    scale: { type: 'string', value: 'F', description: "the shape's sizes times F (default 1; needs --shape)" },
    sales: { type: 'string', value: 'N', description: `sales rows (default ${DEFAULT_SALES}, or the shape's)` },
    inventory: { type: 'string', value: 'M', description: `stock rows (default ${DEFAULT_INVENTORY}, or the shape's)` },
    seed: { type: 'string', default: String(DEFAULT_SEED), value: 'S', description: 'the random seed' },
    out: { type: 'string', value: 'DIR', description: 'where to write (default data, or bench/.cache/<shape> with --shape)' },
  },
  notes: ['shapes:', ...SHAPE_NAMES.map((n) => `  ${n}: ${SHAPES[n].summary}`)],
  exits: { ok: 'written', usage: 'bad arguments' },
};

const { values } = parseCommand<{ shape?: string; scale?: string; sales?: string; inventory?: string; seed: string; out?: string }>(SPEC);

function fail(message: string): never {
  console.error(`error: ${usageMessage(SPEC, message)}`);
  process.exit(EXIT.usage);
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replaceAll('_', ''));
  if (!/^\d[\d_]*$/.test(text) || !Number.isSafeInteger(n)) fail(`--${name} must be a whole number >= 0, got ${JSON.stringify(text)}`);
  return n;
}

const shape = values.shape?.toUpperCase();
if (shape !== undefined && !isShapeName(shape))
  fail(`--shape must be one of ${SHAPE_NAMES.join(', ')}, got ${JSON.stringify(values.shape)}`);
const scale = values.scale === undefined ? undefined : Number(values.scale);
if (scale !== undefined && (!(scale > 0) || !Number.isFinite(scale)))
  fail(`--scale must be a number > 0, got ${JSON.stringify(values.scale)}`);
if (scale !== undefined && shape === undefined) fail('--scale needs --shape');
const seed = count('seed', values.seed)!;
const out = resolve(values.out ?? (shape ? shapeDir(shape, scale) : 'data'));
const options = { out, seed, shape, scale, sales: count('sales', values.sales), inventory: count('inventory', values.inventory) };

// A progress line only where someone is watching, and only when it takes long enough to matter.
const expectedRows = shape
  ? SHAPES[shape].sales * (scale ?? 1) + SHAPES[shape].inventory * (scale ?? 1)
  : (options.sales ?? 0) + (options.inventory ?? 0);
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
  console.log(
    `  ${`${key}.csv`.padEnd(15)} read ${String(f.read).padStart(9)}  loaded ${String(f.loaded).padStart(9)}  quarantined ${String(f.quarantined).padStart(7)}`,
  );
}
console.log(
  `  category units: ${Object.entries(manifest.categorySummary)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ')}`,
);
