// Benchmark: `npm run bench:upload -- [--mib N]` sends a file of N MiB (default 1024) through the real
// upload command to s3rver on loopback, and reports throughput and the command's peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compiled } from './compiled.ts';

const { values } = parseArgs({ options: { mib: { type: 'string', default: '1024' } } });
const mib = Number(values.mib);
const dataDir = join('bench/.cache', `upload-${mib}mib`);
if (!existsSync(join(dataDir, 'ventas.csv')) || statSync(join(dataDir, 'ventas.csv')).size !== mib * 2 ** 20) {
  mkdirSync(dataDir, { recursive: true });
  for (const f of ['productos.csv', 'clientes.csv', 'inventario.csv']) cpSync(join('data', f), join(dataDir, f));
  const out = createWriteStream(join(dataDir, 'ventas.csv'));
  const block = randomBytes(2 ** 20); // incompressible, and cheap to write
  for (let i = 0; i < mib; i++) if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(r));
}

const s3 = spawn(process.execPath, ['--import', 'tsx', 'bench/s3rver-child.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) =>
  s3.stdout!.on('data', (d: Buffer) => {
    const m = /PORT (\d+)/.exec(d.toString());
    if (m) resolve(Number(m[1]));
  }),
);

const work = join(tmpdir(), `bench-upload-${process.pid}`);
mkdirSync(work, { recursive: true });
const env = {
  ...process.env,
  DATABASE_URL: join(work, 'empresa.db'),
  LOG_DIR: join(work, 'logs'),
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  S3_BUCKET: 'bench',
  AWS_REGION: 'us-east-1',
  S3_ENDPOINT: `http://127.0.0.1:${port}`,
  S3_FORCE_PATH_STYLE: 'true',
};
spawnSync(process.execPath, [compiled('scripts/migrate.ts')], { env });
const started = performance.now();
const r = spawnSync(
  '/usr/bin/time',
  ['-f', '%M', process.execPath, compiled('scripts/upload.ts'), '--what', 'raw', '--data-dir', dataDir, '--json'],
  {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  },
);
const seconds = (performance.now() - started) / 1000;
s3.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });
if (r.status !== 0) throw new Error(`upload failed: ${r.stdout} ${r.stderr}`);
const peakMb = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
const result = JSON.parse(r.stdout) as { objects: Array<{ key: string; bytes: number; durationMs: number; status: string }> };
const big = result.objects.find((o) => o.key.endsWith('ventas.csv'))!;

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
console.log(
  `s3rver 3.7.1 on loopback, in its own process; part size ${process.env.S3_PART_SIZE_MB ?? 8} MiB, ${process.env.S3_QUEUE_SIZE ?? 2} parts in flight\n`,
);
console.log('| file | object time | throughput | whole command | peak RSS (command) |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
console.log(
  `| ${mib.toLocaleString('en')} MiB | ${(big.durationMs / 1000).toFixed(1)} s | ${(mib / (big.durationMs / 1000)).toFixed(0)} MiB/s | ${seconds.toFixed(1)} s | ${peakMb.toFixed(0)} MB |`,
);
