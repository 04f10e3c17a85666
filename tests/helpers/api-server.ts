// Runs the real app on a loopback port for a test file, on a database loaded by the real load.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll } from 'vitest';
import { givenDatabase, type DatabaseHandle } from '../../src/api/database-handle.ts';
import { createApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import type { JsonLog } from '../../src/log/json-log.ts';
import { type Dialect, freshDatabaseUrl } from './dialects.ts';
import { tempDirs } from './temp-dir.ts';

export interface TestServer {
  url: string;
  /** The database's URL (a SQLite file path, or a postgres:// URL). */
  dbPath: string;
  /** SQL statements run since the last reset. */
  statements: string[];
  /** HTTP requests the server has received so far (their headers read), whatever became of them. */
  requestsSeen(): number;
  close(): Promise<void>;
}

export interface TestServerOptions {
  apiToken?: string;
  /** API_READ_TOKEN: every read needs a token. */
  readToken?: string;
  /** CORS_ORIGINS. */
  corsOrigins?: string[];
  dataDir?: string;
  /** Serve this handle instead of the loaded database (e.g. a broken one). */
  database?: (dbPath: string) => DatabaseHandle;
  maxBodyBytes?: number;
  dialect?: Dialect;
  /** Where the app logs (default: nowhere). */
  log?: JsonLog;
}

export function apiServers() {
  const newDir = tempDirs('ventas-api-');
  const running: TestServer[] = [];
  afterAll(async () => {
    for (const s of running) await s.close();
  });
  return async (options: TestServerOptions = {}): Promise<TestServer> => {
    const dir = newDir();
    const dbPath = await freshDatabaseUrl(options.dialect ?? 'sqlite', dir);
    const statements: string[] = [];
    const setup = openDatabase(dbPath);
    await migrateToLatest(setup);
    await loadAndValidate(setup, { dataDir: options.dataDir ?? 'data', asOf: '2025-01-01', origin: 'test' });
    await setup.destroy();
    const db = openDatabase(dbPath, { onQuery: (sql) => statements.push(sql) });
    const app = createApp({
      database: options.database ? options.database(dbPath) : givenDatabase(db),
      settings: {
        apiToken: options.apiToken,
        readToken: options.readToken,
        corsOrigins: options.corsOrigins,
        dataRoot: resolve('.'),
        databaseUrl: dbPath,
      },
      maxBodyBytes: options.maxBodyBytes,
      log: options.log,
    });
    let seen = 0;
    const server: Server = createServer((req, res) => {
      seen++;
      void app.handle(req, res);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    const handle: TestServer = {
      url: `http://127.0.0.1:${port}`,
      dbPath,
      statements,
      requestsSeen: () => seen,
      close: async () => {
        await new Promise<void>((ok) => server.close(() => ok()));
        await app.close();
        await db.destroy();
      },
    };
    running.push(handle);
    return handle;
  };
}

export async function gql(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> },
  };
}
