// A report page whose client has gone is not built for nobody: at most two pages are built at once, one
// whose client leaves while it waits is dropped, one being built stops at its next step. Abandoned requests
// leave the server free: /health answers promptly while and after they are dropped.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { apiServers, type TestServer } from '../helpers/api-server.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { hostileServer, RAZON } from '../helpers/hostile-report-data.ts';

/** Milliseconds /health takes to answer 200. */
async function healthLatency(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/health`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return performance.now() - started;
}

/** How many report requests the server answered with `status` so far (499: abandoned by the client), from /metrics. */
async function reportRequests(url: string, status: 200 | 499): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => new RegExp(`_count\\{[^}]*route="/"[^}]*status="${status}"`).test(l));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function until(what: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(25);
  }
}

describe.each(DIALECTS)('on %s, with the database of report-bounds.test.ts', (dialect) => {
  const server = apiServers();
  let s: TestServer;

  beforeAll(async () => {
    s = await hostileServer(server, dialect);
  }, 120_000);

  it('answers /health promptly while eight report requests are abandoned, and after', async () => {
    const baseline = await healthLatency(s.url);
    const built = await reportRequests(s.url, 200);
    const dropped = await reportRequests(s.url, 499);
    const clients = Array.from({ length: 8 }, () => new AbortController());
    const seenBefore = s.requestsSeen();
    const requests = clients.map((c, i) => fetch(`${s.url}/${i % 2 ? `?razon=${RAZON}` : ''}`, { signal: c.signal }).catch(() => null));
    // The clients leave as soon as the server has all eight: two pages are being built, the others wait. (A
    // fixed wait of 300 ms let a fast machine finish half of them first: a page here takes 30-80 ms there.)
    await until(async () => s.requestsSeen() - seenBefore >= 8);
    for (const c of clients) c.abort();
    await Promise.all(requests);
    const during = await healthLatency(s.url);
    const started = performance.now();
    // Every one of the eight ends as built (200) or dropped (499); a page that was finishing when its client
    // left may still be sent.
    let outcomes = { built: 0, dropped: 0 };
    await until(async () => {
      outcomes = { built: (await reportRequests(s.url, 200)) - built, dropped: (await reportRequests(s.url, 499)) - dropped };
      return outcomes.built + outcomes.dropped === 8;
    }).catch(() => expect(outcomes, 'report requests recorded').toEqual({ built: expect.any(Number), dropped: 8 }));
    // At most two pages are built at once: the requests waiting for their turn are dropped, never built. Two
    // pages can have been finished before the eighth request came in, and two more be finishing at the abort.
    expect(outcomes.dropped).toBeGreaterThanOrEqual(4);
    const droppedIn = performance.now() - started;
    const after = await healthLatency(s.url);
    console.log(
      `${dialect} /health: ${baseline.toFixed(0)} ms alone, ${during.toFixed(0)} ms right after 8 report requests were abandoned, ` +
        `${after.toFixed(0)} ms once the server had dropped ${outcomes.dropped} and built ${outcomes.built} (${droppedIn.toFixed(0)} ms later)`,
    );
    // The two pages being built finish their current step first (the API's answer: a few hundred ms on this
    // database, on a busy machine); the six waiting ones cost nothing. Unbounded, eight cost seconds.
    expect(during).toBeLessThan(2000);
    expect(after).toBeLessThan(Math.max(250, baseline * 3));
  });
});

// On PostgreSQL a lock holds the report's quarantine query mid-way, so the client is surely gone while the
// server is working: what the server does next can be checked, not only how fast it answers.
describe.runIf(DIALECTS.includes('postgres'))('on postgres, a report request held by a lock', () => {
  const server = apiServers();

  /** Holds an exclusive lock on the quarantine table until the returned function is called. */
  async function lockQuarantine(locker: ReturnType<typeof openDatabase>) {
    let release!: () => void;
    const released = new Promise<void>((ok) => (release = ok));
    let locked!: () => void;
    const isLocked = new Promise<void>((ok) => (locked = ok));
    const holding = locker.transaction().execute(async (tx) => {
      await sql`lock table cuarentena in access exclusive mode`.execute(tx);
      locked();
      await released;
    });
    await isLocked;
    return async () => {
      release();
      await holding;
    };
  }

  /** Pages being built: their quarantine query waits on the lock. */
  const held = async (locker: ReturnType<typeof openDatabase>) =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(distinct pid) as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%from "cuarentena"%'`.execute(
          locker,
        )
      ).rows[0]!.n,
    );

  it('drops a waiting page whose client leaves, stops a page being built at its next step, and builds the one whose client stayed', async () => {
    const s = await server({ dialect: 'postgres' });
    const locker = openDatabase(s.dbPath);
    try {
      const unlock = await lockQuarantine(locker);
      s.statements.length = 0;
      // Two pages take the two turns and wait on the lock; a third waits for a turn.
      const building = Array.from({ length: 2 }, () => new AbortController());
      const gone = building.map((c) => fetch(`${s.url}/`, { signal: c.signal }).catch(() => null));
      await until(async () => (await held(locker)) >= 2);
      const waiting = new AbortController();
      gone.push(fetch(`${s.url}/`, { signal: waiting.signal }).catch(() => null));
      await sleep(300);
      const stays = fetch(`${s.url}/`);
      await sleep(300);
      // Held: /health does not need the quarantine and answers at once.
      expect(await healthLatency(s.url)).toBeLessThan(1000);
      waiting.abort();
      await until(async () => (await reportRequests(s.url, 499)) === 1); // dropped from the queue, nothing built
      for (const c of building) c.abort();
      await Promise.all(gone);
      await sleep(300); // the server sees the two connections close
      await unlock();
      const res = await stays;
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('id="tabla-cuarentena"');
      await until(async () => (await reportRequests(s.url, 499)) === 3);
      // Only the page whose client stayed read its raw lines and was rendered.
      expect(s.statements.filter((q) => q.includes('octet_length'))).toHaveLength(1);
    } finally {
      await locker.destroy();
    }
  });

  it('answers 503 with Retry-After when 32 pages already wait for a turn', async () => {
    const s = await server({ dialect: 'postgres' });
    const locker = openDatabase(s.dbPath);
    try {
      const unlock = await lockQuarantine(locker);
      const clients = Array.from({ length: 34 }, () => new AbortController());
      const pending = clients.map((c) => fetch(`${s.url}/`, { signal: c.signal }).catch(() => null));
      await until(async () => (await held(locker)) >= 2);
      await sleep(500);
      const res = await fetch(`${s.url}/`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.text()).toContain('The report is busy');
      for (const c of clients) c.abort();
      await Promise.all(pending);
      await unlock();
      await until(async () => (await reportRequests(s.url, 499)) === 34);
      expect((await fetch(`${s.url}/`)).status).toBe(200);
    } finally {
      await locker.destroy();
    }
  });
});
