// Read replicas against a real streaming replica (pg_basebackup -R of the test primary; .ci/run starts one):
// reads go to it once it has caught up, a mutation's answer and every read after it show the new load even while
// the replica lags (its replay paused), and a replica that is down is skipped with a warning and the metric.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyDatabase } from '../../src/api/database-handle.ts';
import { createApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { openReadRouter, parseLsn, readUrls } from '../../src/db/read-routing.ts';
import { createPostgresDatabase } from '../../src/db/create-postgres-database.ts';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import type { JsonLog } from '../../src/log/json-log.ts';
import { gql } from '../helpers/api-server.ts';
import { writeCleanData } from '../helpers/clean-data.ts';

const primaryAdmin = process.env.TEST_POSTGRES_URL;
const replicaAdmin = process.env.TEST_POSTGRES_REPLICA_URL;
const skipReason = !primaryAdmin
  ? 'TEST_POSTGRES_URL is not set'
  : !replicaAdmin
    ? 'TEST_POSTGRES_REPLICA_URL is not set (a streaming replica of TEST_POSTGRES_URL, as .ci/run starts)'
    : '';

const sameDatabaseOn = (server: string, databaseUrl: string) => {
  const url = new URL(server);
  url.pathname = new URL(databaseUrl).pathname;
  return url.toString();
};

const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Runs one statement on the replica server itself (pausing and resuming replay needs no database of ours). */
async function onReplica(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: replicaAdmin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe('DATABASE_READ_URL', () => {
  it('is one URL or a comma-separated list, blanks ignored', () => {
    expect(readUrls(undefined)).toEqual([]);
    expect(readUrls(' postgres://a/x , ,postgres://b/x ')).toEqual(['postgres://a/x', 'postgres://b/x']);
  });

  it('orders WAL positions as PostgreSQL does', () => {
    expect(parseLsn('0/3000000') < parseLsn('0/3000001')).toBe(true);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });
});

// Each test migrates and loads a database and starts a reload in a child process: slow on a busy machine.
describe.skipIf(skipReason !== '')(
  `read replicas on a real streaming replica${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: 180_000 },
  () => {
    const cleanup: Array<() => Promise<unknown>> = [];
    afterAll(async () => {
      await onReplica('select pg_wal_replay_resume()').catch(() => {});
      for (const step of cleanup.reverse()) await step().catch(() => {});
    });

    /** A loaded database on the primary, and its URL on the replica once replication has created it there. */
    async function loadedPair() {
      const primaryUrl = await createPostgresDatabase(primaryAdmin!, 'replica');
      const setup = openDatabase(primaryUrl);
      await migrateToLatest(setup);
      await loadAndValidate(setup, { dataDir: 'data', asOf: '2025-01-01', origin: 'test' });
      await setup.destroy();
      const replicaUrl = sameDatabaseOn(replicaAdmin!, primaryUrl);
      await until('the database on the replica', async () => {
        const c = new pg.Client({ connectionString: replicaUrl });
        try {
          await c.connect();
          const r = await c.query("select count(*)::int as n from cargas where estado = 'ok'");
          return r.rows[0].n === 1;
        } catch {
          return false;
        } finally {
          await c.end().catch(() => {});
        }
      });
      return { primaryUrl, replicaUrl };
    }

    it('sends reads to the replica once it has replayed up to the primary, and writes nowhere but the primary', async () => {
      const { primaryUrl, replicaUrl } = await loadedPair();
      const router = openReadRouter(primaryUrl, [replicaUrl], { pollMs: 50 });
      cleanup.push(() => router.close());
      // The first read starts the polling of replay positions; until a poll has answered, reads go to the primary.
      await router.db.selectFrom('cargas').select('id').execute();
      await until('the replica to be current', () => router.replicas()[0]!.current);
      const { rows } = await sql<{ recovery: boolean }>`select pg_is_in_recovery() as recovery`.execute(router.db);
      expect(rows[0]!.recovery).toBe(true);
      expect(router.replicas()).toEqual([{ name: new URL(replicaUrl).host, up: true, current: true }]);
    });

    it('answers a reload and every read after it with the new load while the replica lags, then reads the replica again', async () => {
      const { primaryUrl, replicaUrl } = await loadedPair();
      const database = lazyDatabase(primaryUrl, { readUrls: [replicaUrl] });
      const app = createApp({ database, settings: { apiToken: 's3cret', dataRoot: resolve('.'), databaseUrl: primaryUrl } });
      const server: Server = createServer((req, res) => void app.handle(req, res));
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      cleanup.push(
        () => new Promise((ok) => server.close(ok)),
        () => app.close(),
      );
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const summary = async () => (await fetch(`${url}/ventas/resumen_por_categoria`)).json();
      const latestLoad = async () => (await gql(url, '{ cargas(first: 1) { id } }')).body.data.cargas[0].id;

      await until('reads on the replica', async () => (await latestLoad(), database.replicas()[0]!.current));
      expect(await latestLoad()).toBe(1);
      const before = await summary();

      // The replica stops replaying: from here on it shows load 1 whatever the primary holds.
      await onReplica('select pg_wal_replay_pause()');
      try {
        const folder = join('.tmp', `replica-reload-${process.pid}-${Date.now()}`);
        mkdirSync(folder, { recursive: true });
        writeCleanData(folder);
        const { body } = await gql(
          url,
          'mutation($d: String!) { reload(dataDir: $d, allowDrop: true) { id estado } }',
          { d: folder },
          { authorization: 'Bearer s3cret' },
        );
        expect(body.errors).toBeUndefined();
        expect(body.data.reload).toEqual({ id: 2, estado: 'ok' });

        // Every read after the answer shows load 2, read from the primary: the replica is behind the write.
        expect(database.replicas()[0]).toMatchObject({ up: true, current: false });
        for (let i = 0; i < 3; i++) {
          expect(await latestLoad()).toBe(2);
          expect(await summary()).not.toEqual(before);
        }
        const { body: validated } = await gql(
          url,
          'mutation { runValidation(asOf: "2025-01-01") { id carga_id } }',
          {},
          { authorization: 'Bearer s3cret' },
        );
        expect(validated.data.runValidation.carga_id).toBe(2);
        expect((await gql(url, '{ validacion { id } }')).body.data.validacion.id).toBe(validated.data.runValidation.id);
      } finally {
        // Once it replays past the write, reads go back to the replica, still showing load 2.
        await onReplica('select pg_wal_replay_resume()');
      }
      await until('the replica to catch up', async () => (await latestLoad(), database.replicas()[0]!.current));
      expect(await latestLoad()).toBe(2);
      const replay = await sql<{ recovery: boolean }>`select pg_is_in_recovery() as recovery`.execute(database.get());
      expect(replay.rows[0]!.recovery).toBe(true);
    });

    it('skips a replica that is down, with a warning in the log and ventas_db_replica_up 0, and keeps answering', async () => {
      const { primaryUrl, replicaUrl } = await loadedPair();
      const down = 'postgres://postgres@127.0.0.1:1/nothing';
      const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
      const log: JsonLog = { path: '', write: (level, msg, fields = {}) => void lines.push({ level, msg, fields }), with: () => log };
      const database = lazyDatabase(primaryUrl, { readUrls: [down, replicaUrl], log });
      const app = createApp({ database, settings: { apiToken: undefined, dataRoot: resolve('.'), databaseUrl: primaryUrl } });
      const server: Server = createServer((req, res) => void app.handle(req, res));
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      cleanup.push(
        () => new Promise((ok) => server.close(ok)),
        () => app.close(),
      );
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      for (let i = 0; i < 10; i++) expect((await fetch(`${url}/ventas/resumen_por_categoria`)).status).toBe(200);
      await until('the down replica to be noticed', () => lines.length > 0);
      expect(lines).toEqual([
        {
          level: 'warning',
          msg: expect.stringContaining('read replica down: skipped'),
          fields: { replica: '127.0.0.1:1', reason: expect.stringContaining('ECONNREFUSED') },
        },
      ]);
      await until(
        'the live replica to be current',
        async () => (await fetch(`${url}/ventas/resumen_por_categoria`), database.replicas()[1]!.current),
      );
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('ventas_db_replica_up{replica="127.0.0.1:1"} 0');
      expect(metrics).toContain(`ventas_db_replica_up{replica="${new URL(replicaUrl).host}"} 1`);
      for (let i = 0; i < 5; i++)
        expect((await gql(url, '{ ventas(first: 5) { nodes { venta_id producto { nombre } } } }')).body.errors).toBeUndefined();
    });
  },
);
