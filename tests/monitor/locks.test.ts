import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { DatabaseLock } from '../../src/process/locks/db-lock.ts';
import { FileLock } from '../../src/process/locks/file-lock.ts';
import type { Lock, LockDeps } from '../../src/process/locks/lock.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
const dbs = Object.fromEntries(DIALECTS.map((d) => [d, migratedDatabases(d)]));

/** A shared fake world: one clock, and a set of dead pids. */
function world() {
  let t = Date.parse('2026-11-28T10:00:00Z');
  const dead = new Set<number>();
  const deps = (pid: number, host = 'host-a'): LockDeps => ({
    now: () => new Date(t),
    host,
    pid,
    isAlive: (p) => !dead.has(p),
    leaseMs: 60_000,
    token: `token-${host}-${pid}`,
  });
  return { deps, advance: (ms: number) => (t += ms), kill: (pid: number) => dead.add(pid) };
}

const kinds: Array<[string, () => Promise<(deps: LockDeps) => Lock>]> = [
  [
    'file lock',
    async () => {
      const path = join(newDir(), 'locks', 'x.lock');
      return (deps) => new FileLock(path, deps);
    },
  ],
  ...DIALECTS.map((dialect): [string, () => Promise<(deps: LockDeps) => Lock>] => [
    `database lock on ${dialect}`,
    async () => {
      const { url } = await dbs[dialect]!();
      return (deps) => new DatabaseLock(openDatabase(url), 'x', deps);
    },
  ]),
];

describe.each(kinds)('%s', (_kind, make) => {
  it('excludes a second run while the first holds it, and names the holder', async () => {
    const w = world();
    const lockFor = await make();
    const first = lockFor(w.deps(100));
    expect(await first.acquire()).toMatchObject({ acquired: true });
    expect(await lockFor(w.deps(200)).acquire()).toMatchObject({
      acquired: false,
      holder: { host: 'host-a', pid: 100, since: '2026-11-28T10:00:00.000Z' },
    });
    await first.release();
    expect(await lockFor(w.deps(200)).acquire()).toMatchObject({ acquired: true });
  });

  it('is taken over once its lease has expired, even from another host', async () => {
    const w = world();
    const lockFor = await make();
    await lockFor(w.deps(100, 'host-b')).acquire();
    w.advance(59_000);
    expect((await lockFor(w.deps(200)).acquire()).acquired).toBe(false);
    w.advance(2_000);
    expect(await lockFor(w.deps(200)).acquire()).toMatchObject({ acquired: true, tookOverFrom: { host: 'host-b', pid: 100 } });
  });

  it('is taken over at once when its owner died on this host, but not when it lives on another', async () => {
    const w = world();
    const lockFor = await make();
    await lockFor(w.deps(100, 'host-b')).acquire();
    w.kill(100);
    expect((await lockFor(w.deps(200)).acquire()).acquired).toBe(false); // pid 100 of host-b cannot be checked from here
    const w2 = world();
    const lockFor2 = await make();
    await lockFor2(w2.deps(100)).acquire();
    w2.kill(100);
    expect(await lockFor2(w2.deps(200)).acquire()).toMatchObject({ acquired: true, tookOverFrom: { pid: 100 } });
  });

  it('keeps its lease while renewed, and knows when it lost the lock', async () => {
    const w = world();
    const lockFor = await make();
    const first = lockFor(w.deps(100, 'host-b'));
    await first.acquire();
    w.advance(50_000);
    expect(await first.renew()).toBe(true);
    w.advance(50_000);
    expect((await lockFor(w.deps(200)).acquire()).acquired).toBe(false); // renewed: still held
    w.advance(61_000);
    expect((await lockFor(w.deps(300)).acquire()).acquired).toBe(true);
    expect(await first.renew()).toBe(false);
  });

  it('lets exactly one of many runs take over the same stale lock', async () => {
    const w = world();
    const lockFor = await make();
    await lockFor(w.deps(100)).acquire();
    w.kill(100);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => lockFor(w.deps(200 + i)).acquire()));
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
  });
});

describe('the lock file', () => {
  it('holds the owner host, pid, start time, lease expiry and a token, as JSON', async () => {
    const w = world();
    const path = join(newDir(), 'x.lock');
    const lock = new FileLock(path, w.deps(100));
    await lock.acquire();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      host: 'host-a',
      pid: 100,
      since: '2026-11-28T10:00:00.000Z',
      leaseUntil: '2026-11-28T10:01:00.000Z',
      token: 'token-host-a-100',
    });
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('leaves no temp file beside it, whether it was taken or refused', async () => {
    const w = world();
    const path = join(newDir(), 'x.lock');
    const first = new FileLock(path, w.deps(100));
    await first.acquire();
    expect((await new FileLock(path, w.deps(101)).acquire()).acquired).toBe(false);
    expect(readdirSync(dirname(path))).toEqual(['x.lock']);
  });

  it('is taken over when damaged from outside (not JSON) for longer than the grace, and not sooner', async () => {
    const w = world();
    const path = join(newDir(), 'x.lock');
    new FileLock(path, w.deps(100)); // creates the folder
    writeFileSync(path, '');
    await expect(new FileLock(path, w.deps(101)).acquire()).rejects.toThrow(/keeps changing/);
    const past = new Date(Date.now() - 60_000);
    utimesSync(path, past, past);
    const taken = await new FileLock(path, w.deps(102)).acquire();
    expect(taken.acquired).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: 102 });
  });
});
