// A lock file created atomically, complete with its owner and a lease (written aside, then hard-linked into
// place: the link fails if the lock exists, and nobody ever sees it empty, even when its writer is killed).
// A stale lock is removed under a takeover mutex after a second read, then re-created: two runs never both win.
import { link, mkdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sleep } from '../../retry/backoff.ts';
import { type Acquired, type Lock, type LockDeps, type LockHolder, isStale, newHolder } from './lock.ts';


/** How long an unparseable lock file is left alone before it is treated as damaged. */
const DAMAGED_GRACE_MS = 10_000;

async function readHolder(path: string): Promise<LockHolder | null | 'unreadable'> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockHolder;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'unreadable'; // being written this very moment, or damaged
  }
}

export class FileLock implements Lock {
  private holder: LockHolder | null = null;

  constructor(
    readonly path: string,
    private readonly deps: LockDeps,
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  async acquire(): Promise<Acquired> {
    let tookOverFrom: LockHolder | null = null;
    for (let attempt = 0; attempt < 50; attempt++) {
      const mine = newHolder(this.deps);
      if (await this.create(mine)) {
        this.holder = mine;
        return { acquired: true, holder: mine, tookOverFrom };
      }
      const current = await readHolder(this.path);
      if (current === null) continue; // released meanwhile: try again
      if (current === 'unreadable') {
        // Locks are never half-written, so this one was damaged from outside: once it has been so for a
        // while (not a file being replaced this instant), it is taken over like a stale one.
        const info = await stat(this.path).catch(() => null);
        const damaged = info !== null && Date.now() - info.mtimeMs > DAMAGED_GRACE_MS;
        if (!damaged || (await this.removeIfStill((again) => again === 'unreadable')) === null) await sleep(50);
        continue;
      }
      if (!isStale(current, this.deps)) return { acquired: false, holder: current };
      const removed = await this.removeIfStill(
        (again) => again !== null && again !== 'unreadable' && again.token === current.token && isStale(again, this.deps),
      );
      if (removed === null) await sleep(20);
      else if (removed) tookOverFrom = current;
    }
    const current = await readHolder(this.path);
    if (current && current !== 'unreadable') return { acquired: false, holder: current };
    throw new Error(`could not take the lock ${this.path}: it keeps changing`);
  }

  /** Creates the lock with its content in one step; false when a lock already exists. */
  private async create(holder: LockHolder): Promise<boolean> {
    const temp = `${this.path}.new-${this.deps.token}`;
    await writeFile(temp, JSON.stringify(holder, null, 2) + '\n');
    try {
      await link(temp, this.path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return false;
    } finally {
      await unlink(temp).catch(() => {});
    }
  }

  /**
   * Takes over under a short-lived mutex (an atomic mkdir): only its holder may remove a lock, and only after
   * reading it again, so a fresh lock written meanwhile by another run is never removed. True when removed,
   * false when the lock changed, null when another run holds the mutex.
   */
  private async removeIfStill(removable: (again: LockHolder | null | 'unreadable') => boolean): Promise<boolean | null> {
    if (!(await this.takeoverMutex())) return null;
    try {
      if (!removable(await readHolder(this.path))) return false;
      await unlink(this.path).catch(() => {});
      return true;
    } finally {
      await rmdir(this.mutexPath).catch(() => {});
    }
  }

  private get mutexPath(): string {
    return `${this.path}.takeover`;
  }

  /** Takes the takeover mutex; one left by a run that crashed inside it (older than 10 s) is cleared. */
  private async takeoverMutex(): Promise<boolean> {
    try {
      await mkdir(this.mutexPath);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const info = await stat(this.mutexPath).catch(() => null);
      if (info && Date.now() - info.mtimeMs > 10_000) await rmdir(this.mutexPath).catch(() => {});
      return false;
    }
  }

  async renew(): Promise<boolean> {
    if (!this.holder) return false;
    const current = await readHolder(this.path);
    if (current === null || current === 'unreadable' || current.token !== this.holder.token) return false;
    const renewed = newHolder(this.deps, this.holder.since);
    // Write aside then rename over: readers never see a half-written lock.
    const temp = `${this.path}.renew-${this.deps.token}`;
    await writeFile(temp, JSON.stringify(renewed, null, 2) + '\n');
    await rename(temp, this.path);
    this.holder = renewed;
    return true;
  }

  async release(): Promise<void> {
    if (!this.holder) return;
    const current = await readHolder(this.path);
    if (current && current !== 'unreadable' && current.token === this.holder.token) await unlink(this.path).catch(() => {});
    this.holder = null;
  }
}
