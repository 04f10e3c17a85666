// Benchmark: `npm run bench:etl -- --shape A|B|C|D|all [--scale F] [--runs R]`, or `-- --sales N [--runs R]`
// (the bundled set's generator at N sales). Per run it times the floor, sqlite3's raw `.import` of
// the large files (etl-floor.ts), then the whole seed command on a fresh database (etl-seed.ts),
// and prints per data set the medians beside the targets (etl-report.ts). Data sets are generated
// once into bench/.cache/ (etl-data.ts). With BENCH_POSTGRES_URL each run also seeds PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isShapeName, SHAPE_NAMES, SHAPES } from '../src/datagen/shapes.ts';
import { compiled } from './compiled.ts';
import { dataSet, type DataSetSpec } from './etl-data.ts';
import { largeFileSizes, rawImport } from './etl-floor.ts';
import { machineLine, printResult, TARGETS, type DataSetResult } from './etl-report.ts';
import { type Engine, runSeed } from './etl-seed.ts';

const USAGE = `usage: npm run bench:etl -- --shape A|B|C|D|all [--scale F] [--runs R] [--reload]
       npm run bench:etl -- --sales N [--runs R] [--reload]     (default: --sales 100000 --runs 3)
  --reload: each timed seed replaces a previous load of the same files (the daily case), not an empty database
${SHAPE_NAMES.map((n) => `  ${n}: ${SHAPES[n].summary}`).join('\n')}
targets: seed <= ${TARGETS.seedOverFloor}x the floor, validation < ${TARGETS.validationSeconds} s, peak RSS <= ${TARGETS.peakMb} MB`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        shape: { type: 'string' },
        scale: { type: 'string', default: '1' },
        sales: { type: 'string' },
        runs: { type: 'string', default: '3' },
        reload: { type: 'boolean', default: false },
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

const runs = Number(values.runs);
if (!Number.isSafeInteger(runs) || runs < 1) fail(`--runs must be a whole number >= 1, got ${JSON.stringify(values.runs)}`);
const scale = Number(values.scale);
if (!(scale > 0) || !Number.isFinite(scale)) fail(`--scale must be a number > 0, got ${JSON.stringify(values.scale)}`);
if (values.shape !== undefined && values.sales !== undefined) fail('give --shape or --sales, not both');

function specs(): DataSetSpec[] {
  const shape = values.shape?.toUpperCase();
  if (shape === 'ALL') return SHAPE_NAMES.map((name) => ({ shape: name, scale }));
  if (shape !== undefined) {
    if (!isShapeName(shape)) fail(`--shape must be one of ${SHAPE_NAMES.join(', ')} or all, got ${JSON.stringify(values.shape)}`);
    return [{ shape, scale }];
  }
  const sales = Number(values.sales ?? '100000');
  if (!Number.isSafeInteger(sales) || sales < 0) fail(`--sales must be a whole number >= 0, got ${JSON.stringify(values.sales)}`);
  return [{ sales }];
}
const todo = specs();

const engines: Engine[] = process.env.BENCH_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
compiled('seeds/seed.ts'); // builds once, before anything is timed
console.log(machineLine());
if (values.reload) console.log('mode: --reload (each timed seed replaces a load of the same files made just before it)');
console.log(
  `targets: seed <= ${TARGETS.seedOverFloor}x the floor, validation < ${TARGETS.validationSeconds} s, peak RSS <= ${TARGETS.peakMb} MB`,
);

// One data set at a time, generated just before it is measured, so `all` shows each table as it is done.
for (const spec of todo) {
  const set = await dataSet(spec);
  const result: DataSetResult = { set, sizes: largeFileSizes(set.dir), floors: [], seeds: { sqlite: [], postgres: [] } };
  for (let run = 0; run < runs; run++) {
    const work = mkdtempSync(join(tmpdir(), 'bench-etl-'));
    try {
      result.floors.push(rawImport(set.dir, set.manifest, join(work, 'raw.db')).seconds);
      rmSync(join(work, 'raw.db'), { force: true }); // D's raw copy is large; the seed needs the disk cache more
      for (const engine of engines)
        result.seeds[engine].push(await runSeed(engine, set.dir, set.manifest, work, { reload: values.reload }));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  printResult(result);
}
