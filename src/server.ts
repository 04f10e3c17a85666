// `npm start`: migrates, loads the bundled data when the database holds no load yet, then serves on PORT.
// A database that cannot be used at start (unreachable, corrupt, a failing migration) is one line on stderr and
// a non-zero exit (12 cannot connect or open it, 1 anything else), never a stack trace.
import './cli/load-env.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { alertingFromEnvironment } from './alerting/setup.ts';
import { lazyDatabase } from './api/database-handle.ts';
import { accessConfig, describeAccess } from './api/server-config.ts';
import { createApp } from './app.ts';
import { openDatabase, resolveDatabaseTarget } from './db/connect.ts';
import { migrateToLatest } from './db/migrator.ts';
import { UNREACHABLE_EXIT_CODE, isUnreachable } from './db/unreachable.ts';
import { formatSummary } from './etl/format-summary.ts';
import { loadAndValidate } from './jobs/load-and-validate.ts';
import { inProgressMessage, loadLock } from './jobs/load-lock.ts';
import { stopReloads } from './jobs/reload-job.ts';
import { withLock } from './jobs/with-lock.ts';
import { openJsonLog } from './log/json-log.ts';
import { closeInterruptedRuns } from './process/interrupted-runs.ts';
import { readValidationConfig } from './validation/read-config.ts';
import { readUrls } from './db/read-routing.ts';
import { clusterPeers, isWorker, superviseWorkers, webConcurrency } from './process/cluster.ts';
import cluster from 'node:cluster';

const port = Number(process.env.PORT ?? 5000);
const databaseUrl = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR ?? 'data';
const access = accessConfig(process.env);

async function prepare(): Promise<void> {
  const setup = openDatabase(databaseUrl);
  try {
    const { results, error } = await migrateToLatest(setup);
    for (const r of results) console.log(`migration ${r.migrationName}: ${r.status}`);
    if (error) throw error;
    const interrupted = await closeInterruptedRuns(setup);
    if (interrupted.loads.length > 0) console.log(`closed load(s) ${interrupted.loads.join(', ')} as interrumpida: their process died`);
    if (interrupted.monitorRuns.length > 0)
      console.log(`closed monitor run(s) ${interrupted.monitorRuns.join(', ')} as interrupted: their process died`);
    const loaded = await setup.selectFrom('cargas').select('id').where('estado', '=', 'ok').executeTakeFirst();
    if (loaded) return;
    // Under the load lock like any load; a load already running (a seed started by hand) is left to finish.
    const { lock, heartbeatMs, close } = loadLock(databaseUrl);
    try {
      const held = await withLock(lock, heartbeatMs, async (lost) => {
        console.log(`no load yet: loading ${dataDir} ...`);
        // Its validation alerts like any other (config/alerting.json and the channels' secrets).
        const alerting = alertingFromEnvironment(setup);
        return loadAndValidate(setup, { dataDir, origin: 'seed', alerting, validationConfig: readValidationConfig(), signal: lost });
      });
      if (!held.acquired) return console.log(`no load yet, and ${inProgressMessage(held.holder)}: serving meanwhile`);
      const { load, validation } = held.value;
      console.log(formatSummary(load, dataDir));
      if (validation) console.log(`validation run ${validation.id}: ${validation.status}`);
    } finally {
      await close();
    }
  } finally {
    await setup.destroy().catch(() => {});
  }
}

// Read replicas and worker processes are checked before anything runs: a wrong setting is one line and exit 1.
let processes = 1;
const replicaUrls = readUrls(process.env.DATABASE_READ_URL);
try {
  processes = webConcurrency(process.env.WEB_CONCURRENCY);
  if (replicaUrls.length > 0 && resolveDatabaseTarget(databaseUrl).engine !== 'postgres')
    throw new Error('DATABASE_READ_URL needs a postgres:// DATABASE_URL: read replicas are a PostgreSQL feature');
  // The primary process (or the only one) migrates and loads; workers only serve.
  if (!isWorker()) await prepare();
} catch (err) {
  // One line: the coded errors' messages name the database and the cause; no stack.
  console.error(`error: cannot start: ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ')}`);
  process.exit(isUnreachable(err) ? UNREACHABLE_EXIT_CODE : 1);
}

// WEB_CONCURRENCY > 1: this process only supervises (src/process/cluster.ts); the workers run what follows.
if (processes > 1 && !isWorker()) await superviseWorkers(processes);

const log = openJsonLog('api.log', 'api', {}, { buffered: true });
const peers = clusterPeers((lsn) => app.observeWrite(lsn));
const app = createApp({
  database: lazyDatabase(databaseUrl, { readUrls: replicaUrls, log }),
  onWrite: peers ? (lsn) => peers.announce(lsn) : undefined,
  // settings.log: where a refused reload's details go (the client gets only its code).
  settings: {
    apiToken: process.env.API_TOKEN || undefined,
    readToken: access.readToken,
    corsOrigins: access.corsOrigins,
    dataRoot: resolve(process.env.DATA_ROOT ?? '.'),
    databaseUrl,
    dataDir,
    log,
  },
  log,
});
const server = createServer((req, res) => void app.handle(req, res));
server.listen(port, access.host, () => {
  // The bound port: PORT=0 asks the system for a free one (shared by every worker). One worker says where.
  const { port } = server.address() as AddressInfo;
  if (isWorker() && cluster.worker?.id !== 1) return;
  console.log(`serving ${resolveDatabaseTarget(databaseUrl).display} on http://localhost:${port}/`);
  console.log(`  report:    http://localhost:${port}/`);
  console.log(`  GraphiQL:  http://localhost:${port}/graphql`);
  console.log(`  REST:      http://localhost:${port}/ventas/resumen_por_categoria`);
  console.log(`  health:    http://localhost:${port}/health`);
  for (const line of describeAccess(access, process.env.API_TOKEN || undefined)) console.log(line);
});

let stopping = false;
const stop = () => {
  // Once: Ctrl-C reaches the workers both from the terminal and from the primary process (src/process/cluster.ts).
  if (stopping) return;
  stopping = true;
  // A reload running in a child process is stopped at once (it rolls back and records itself interrumpida), so
  // its request ends and the server can close.
  const reloads = stopReloads();
  server.close(() => void Promise.all([reloads, app.close()]).then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
