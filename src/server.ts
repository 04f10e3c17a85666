// `npm start`: migrates, loads the bundled data when the database holds no load yet, then serves on PORT.
// A database that cannot be used at start (unreachable, corrupt, a failing migration) is one line on stderr and
// a non-zero exit (12 cannot connect or open it, 1 anything else), never a stack trace.
import { existsSync } from 'node:fs';
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
import { readValidationConfig } from './validation/config.ts';

// Node's own env-file support: .env (never committed) configures the server and the S3 upload.
if (existsSync('.env')) process.loadEnvFile('.env');
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
    if (interrupted.monitorRuns.length > 0) console.log(`closed monitor run(s) ${interrupted.monitorRuns.join(', ')} as interrupted: their process died`);
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

try {
  await prepare();
} catch (err) {
  // One line: the coded errors' messages name the database and the cause; no stack.
  console.error(`error: cannot start: ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ')}`);
  process.exit(isUnreachable(err) ? UNREACHABLE_EXIT_CODE : 1);
}

const log = openJsonLog('api.log', 'api', {}, { buffered: true });
const app = createApp({
  database: lazyDatabase(databaseUrl),
  // settings.log: where a refused reload's details go (the client gets only its code).
  settings: { apiToken: process.env.API_TOKEN || undefined, readToken: access.readToken, corsOrigins: access.corsOrigins, dataRoot: resolve(process.env.DATA_ROOT ?? '.'), databaseUrl, dataDir, log },
  log,
});
const server = createServer((req, res) => void app.handle(req, res));
server.listen(port, access.host, () => {
  // The bound port: PORT=0 asks the system for a free one.
  const { port } = server.address() as AddressInfo;
  console.log(`serving ${resolveDatabaseTarget(databaseUrl).display} on http://localhost:${port}/`);
  console.log(`  report:    http://localhost:${port}/`);
  console.log(`  GraphiQL:  http://localhost:${port}/graphql`);
  console.log(`  REST:      http://localhost:${port}/ventas/resumen_por_categoria`);
  console.log(`  health:    http://localhost:${port}/health`);
  for (const line of describeAccess(access, process.env.API_TOKEN || undefined)) console.log(line);
});

const stop = () => {
  // A reload running in a child process is stopped at once (it rolls back and records itself interrumpida), so
  // its request ends and the server can close.
  const reloads = stopReloads();
  server.close(() => void Promise.all([reloads, app.close()]).then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
