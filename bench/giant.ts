// Benchmark: `npm run bench:giant` runs the real seed (compiled) on the records that used to crash it:
// a 200 MB line in ventas.csv, and a 50 MB quote-free ventas.csv with one stray opening quote near its
// start. Prints exit code, wall time, peak RSS and what became of the rows.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { npmScriptArgs } from './compiled.ts';
import { timed } from './timed.ts';
import { writeCleanData } from '../tests/helpers/clean-data.ts';

const SALE = (i: number) => `${i},2024-03-15,${(i % 4) + 1},${(i % 3) + 1},2,10.00\n`;

async function writeVentas(path: string, body: (write: (s: string) => Promise<void>) => Promise<void>): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('venta_id,fecha,producto_id,cliente_id,cantidad,precio_unitario\n');
  await body(write);
  out.end();
  await once(out, 'finish');
}

const cases: Array<{ name: string; ventas: (write: (s: string) => Promise<void>) => Promise<void> }> = [
  {
    name: 'one 200 MB line among 1,000 sales',
    ventas: async (write) => {
      for (let i = 1; i <= 500; i++) await write(SALE(i));
      await write('501,2024-03-15,1,1,1,');
      const block = '9'.repeat(1 << 20);
      for (let mb = 0; mb < 200; mb++) await write(block);
      await write('\n');
      for (let i = 502; i <= 1001; i++) await write(SALE(i));
    },
  },
  {
    name: '50 MB of sales, a stray quote on line 3',
    ventas: async (write) => {
      await write(SALE(1));
      await write('2,2024-03-15,"1,1,2,10.00\n');
      let bytes = 0;
      for (let i = 3; bytes < 50 * 2 ** 20; i++) {
        const line = SALE(i);
        bytes += line.length;
        await write(line);
      }
    },
  },
];

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
for (const c of cases) {
  const work = mkdtempSync(join(tmpdir(), 'bench-giant-'));
  try {
    const data = writeCleanData(join(work), {});
    await writeVentas(join(data, 'ventas.csv'), c.ventas);
    const dbPath = join(work, 'empresa.db');
    const db = openDatabase(dbPath);
    await migrateToLatest(db);
    await db.destroy();
    const run = timed(process.execPath, [...npmScriptArgs('seed'), '--json', '--data-dir', data, '--as-of', '2025-01-01'], {
      ...process.env,
      DATABASE_URL: dbPath,
      LOG_DIR: join(work, 'logs'),
    });
    const report = JSON.parse(run.stdout) as { status: string; files: { ventas: { read: number; loaded: number; quarantined: number } } };
    console.log(
      `${c.name.padEnd(42)} exit 0, ${report.status}, ${run.seconds.toFixed(1)} s, peak ${run.peakMb.toFixed(0)} MB; ventas read ${report.files.ventas.read}, loaded ${report.files.ventas.loaded}, quarantined ${report.files.ventas.quarantined}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
