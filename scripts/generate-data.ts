// `npm run generate-data -- [--sales N] [--inventory M] [--seed S] [--out DIR]`: writes the dirty
// sample data set and its expected outcome (manifest.json, expected-quarantine.csv).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_INVENTORY, DEFAULT_SALES, DEFAULT_SEED, generateData } from '../src/datagen/generate.ts';

const USAGE = `usage: npm run generate-data -- [--sales N] [--inventory M] [--seed S] [--out DIR]
  defaults: --sales ${DEFAULT_SALES} --inventory ${DEFAULT_INVENTORY} --seed ${DEFAULT_SEED} --out data`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        sales: { type: 'string', default: String(DEFAULT_SALES) },
        inventory: { type: 'string', default: String(DEFAULT_INVENTORY) },
        seed: { type: 'string', default: String(DEFAULT_SEED) },
        out: { type: 'string', default: 'data' },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
}
const values = parseOptions();

function count(name: string, text: string): number {
  const n = Number(text.replaceAll('_', ''));
  if (!/^\d[\d_]*$/.test(text) || !Number.isSafeInteger(n)) {
    console.error(`--${name} must be a whole number >= 0, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
}

const sales = count('sales', values.sales);
const inventory = count('inventory', values.inventory);
const seed = count('seed', values.seed);
const out = resolve(values.out);

// A progress line only where someone is watching, and only when it takes long enough to matter.
const showProgress = process.stderr.isTTY && sales + inventory >= 200_000;
let lastShown = 0;
const started = performance.now();
const manifest = await generateData({
  out,
  sales,
  inventory,
  seed,
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

console.log(`Generated ${out} (seed ${seed}) in ${seconds.toFixed(1)} s, as of ${manifest.asOf}:`);
for (const [key, f] of Object.entries(manifest.files)) {
  console.log(`  ${`${key}.csv`.padEnd(15)} read ${String(f.read).padStart(9)}  loaded ${String(f.loaded).padStart(9)}  quarantined ${String(f.quarantined).padStart(7)}`);
}
console.log(`  category units: ${Object.entries(manifest.categorySummary).map(([c, n]) => `${c} ${n}`).join(', ')}`);
