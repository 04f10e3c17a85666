// The real HTTP app for bench/api.ts, in its own process so the load generator does not share its core:
// what src/server.ts serves, minus the migration and first load (the benchmark prepares the database).
// Prints "listening <port>" once it accepts connections; PORT=0 picks a free port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { lazyDatabase } from '../src/api/database-handle.ts';
import { createApp } from '../src/app.ts';
import { openJsonLog } from '../src/log/json-log.ts';

const databaseUrl = process.env.DATABASE_URL;
const app = createApp({
  database: lazyDatabase(databaseUrl),
  settings: { apiToken: undefined, dataRoot: resolve('.'), databaseUrl },
  // The request log is off by default so the figures are the app's own; BENCH_REQUEST_LOG=1 adds the
  // buffered per-request log `npm start` writes, to see what it costs.
  log: process.env.BENCH_REQUEST_LOG === '1' ? openJsonLog('api.log', 'api', {}, { buffered: true }) : undefined,
});
const server = createServer((req, res) => void app.handle(req, res));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});

process.on('SIGTERM', () => {
  server.close(() => void app.close().then(() => process.exit(0)));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
});
