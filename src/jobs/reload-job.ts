// The API's reload: the seed run as a child process. The load's synchronous SQLite writes and its memory
// (hundreds of MB on 1M sales) stay out of the server's event loop and heap, a crash of the load cannot take
// the server down, and the reload gets the seed's own load lock, SIGTERM rollback and exit codes.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { seedCommand } from './seed-command.ts';

export interface ReloadRequest {
  dataDir: string;
  asOf?: string;
  allowDrop: boolean;
  /** The DATABASE_URL the server serves (empty: the default SQLite file). */
  databaseUrl: string | undefined;
}

export type ReloadOutcome =
  /** The load ran (ok, refused for bad input, or interrupted): its record in `cargas` says how it went. */
  | { kind: 'loaded'; loadId: number }
  /** Another load holds the lock: nothing was done. */
  | { kind: 'in_progress'; holder: { host: string; pid: number; since: string }; message: string }
  /** The seed did not get to load: cannot connect, pending migrations, breaker open, internal error. */
  | { kind: 'refused'; code: string; message: string; exitCode: number | null; stderr: string };

interface SeedJson {
  status: string;
  loadId?: number | null;
  error?: { code?: string; message?: string; holder?: { host: string; pid: number; since: string } };
}

/** Niceness of a reload (0 normal, 19 lowest). */
const RELOAD_NICENESS = 10;
const running = new Set<ReturnType<typeof spawn>>();
/** Kept of a child's stderr for the server log: its last few KiB. */
const STDERR_KEEP = 4096;

export function runReload(request: ReloadRequest): Promise<ReloadOutcome> {
  const args = ['--json', '--origin', 'api', '--data-dir', request.dataDir];
  if (request.asOf) args.push('--as-of', request.asOf);
  if (request.allowDrop) args.push('--allow-drop');
  const { file, args: argv } = seedCommand(args);
  const child = spawn(file, argv, { env: { ...process.env, DATABASE_URL: request.databaseUrl ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // Background work: below the server's priority, so on a small machine (2 cores: the load's main thread and
  // its parser thread) a request still gets a core when it needs one. Threads the seed starts later inherit it.
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, RELOAD_NICENESS);
    } catch {
      // Not allowed here (some containers): the load just runs at the server's priority.
    }
  }
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-STDERR_KEEP)));
  return new Promise((resolve) => {
    child.once('error', (err) => {
      running.delete(child);
      resolve({ kind: 'refused', code: 'spawn_failed', message: err.message, exitCode: null, stderr });
    });
    child.once('close', (exitCode) => {
      running.delete(child);
      let body: SeedJson | null = null;
      try {
        body = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as SeedJson;
      } catch {
        body = null;
      }
      if (body?.error?.code === 'load_in_progress' && body.error.holder) {
        return resolve({ kind: 'in_progress', holder: body.error.holder, message: body.error.message ?? 'another load is in progress' });
      }
      if (typeof body?.loadId === 'number') return resolve({ kind: 'loaded', loadId: body.loadId });
      resolve({
        kind: 'refused',
        code: body?.error?.code ?? 'internal_error',
        message: body?.error?.message ?? `the load process exited with code ${exitCode}`,
        exitCode,
        stderr,
      });
    });
  });
}

/** SIGTERM to every reload still running (each rolls back and records itself interrumpida); resolves when all have exited. */
export async function stopReloads(): Promise<void> {
  const exits = [...running].map((child) => new Promise<void>((ok) => (child.exitCode !== null ? ok() : child.once('close', () => ok()))));
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(exits);
}
