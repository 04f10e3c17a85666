// The real HTTP app for bench/api.ts, in its own process so the load generator does not share its core:
// what src/server.ts serves, minus the migration and first load (the benchmark prepares the database).
// Prints "listening <port>" once it accepts connections; PORT=0 picks a free port.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { lazyDatabase } from '../src/api/database-handle.ts';
import { createApp } from '../src/app.ts';
import { readUrls } from '../src/db/read-routing.ts';
import { openJsonLog } from '../src/log/json-log.ts';
import { clusterPeers, superviseWorkers, webConcurrency } from '../src/process/cluster.ts';

// WEB_CONCURRENCY as `npm start` reads it: N workers, each printing its "listening" line.
const processes = webConcurrency(process.env.WEB_CONCURRENCY);
if (processes > 1 && cluster.isPrimary) await superviseWorkers(processes, (line) => console.error(line));

const databaseUrl = process.env.DATABASE_URL;
const peers = clusterPeers((lsn) => app.observeWrite(lsn));
const app = createApp({
  database: lazyDatabase(databaseUrl, { readUrls: readUrls(process.env.DATABASE_READ_URL) }),
  onWrite: peers ? (lsn) => peers.announce(lsn) : undefined,
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
