// The API over a PostgreSQL that cannot be reached: a coded error, not "Unexpected error.", and nothing of
// where the database is (host, port, user) in the answer.
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyDatabase } from '../../src/api/database-handle.ts';
import { createApp } from '../../src/app.ts';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address() as AddressInfo;
  await new Promise((ok) => srv.close(ok));
  return port;
}

describe('the API over an unreachable PostgreSQL', () => {
  const servers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of servers) await close();
  });

  it('answers a query with DATABASE_UNREACHABLE and no host, port or user', async () => {
    const port = await closedPort();
    const app = createApp({
      database: lazyDatabase(`postgres://ventas:s3cret-pw@127.0.0.1:${port}/ventas`),
      settings: { apiToken: undefined, dataRoot: '.', databaseUrl: undefined, dataDir: 'data' },
    });
    const server = createHttpServer((req, res) => void app.handle(req, res));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    servers.push(async () => {
      await app.close();
      await new Promise((ok) => server.close(ok));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ cargas(first: 1) { id } }' }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]).toMatchObject({ message: 'cannot connect to the database', extensions: { code: 'DATABASE_UNREACHABLE' } });
    for (const secret of [String(port), '127.0.0.1', 'ventas:', 's3cret']) expect(text).not.toContain(secret);
  });
});
