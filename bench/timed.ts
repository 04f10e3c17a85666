// Runs a command to completion under /usr/bin/time: wall time and peak RSS (its maximum resident
// set, written to a file so the command's own stderr, e.g. sqlite3's warnings, cannot mix with it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Timed {
  seconds: number;
  peakMb: number;
  stdout: string;
}

export function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  try {
    const peakFile = join(dir, 'peak');
    const start = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', peakFile, command, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = (performance.now() - start) / 1000;
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const peakKb = Number(readFileSync(peakFile, 'utf8').trim().split('\n').at(-1));
    return { seconds, peakMb: peakKb / 1024, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
