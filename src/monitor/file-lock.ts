// A lock file created atomically (exclusive create) holding its owner and a lease. A stale lock is taken
// over by renaming it aside first: of two runs that both judged it stale, only one rename succeeds.
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Acquired, type Lock, type LockDeps, type LockHolder, isStale, newHolder } from './lock.ts';

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
    for (let attempt = 0; attempt < 10; attempt++) {
      const mine = newHolder(this.deps);
      try {
        await writeFile(this.path, JSON.stringify(mine, null, 2) + '\n', { flag: 'wx' });
        this.holder = mine;
        return { acquired: true, holder: mine, tookOverFrom };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = await readHolder(this.path);
      if (current === null) continue; // released meanwhile: try again
      if (current === 'unreadable') {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (!isStale(current, this.deps)) return { acquired: false, holder: current };
      // Take over: move the stale file aside under a name only we use, then check we moved the one we judged.
      const aside = `${this.path}.stale-${this.deps.token}`;
      try {
        await rename(this.path, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // another run got there first
        throw err;
      }
      const moved = await readHolder(aside);
      if (moved !== null && moved !== 'unreadable' && moved.token !== current.token) {
        // We moved a lock someone took in between: put it back (link fails if yet another exists).
        await link(aside, this.path).catch(() => {});
      } else {
        tookOverFrom = current;
      }
      await unlink(aside).catch(() => {});
    }
    const current = await readHolder(this.path);
    if (current && current !== 'unreadable') return { acquired: false, holder: current };
    throw new Error(`could not take the lock ${this.path}: it keeps changing`);
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
