// `npm start`: migrates, loads the bundled data when the database holds no load yet, then serves on PORT.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { lazyDatabase } from './api/database-handle.ts';
import { accessConfig, describeAccess } from './api/server-config.ts';
import { createApp } from './app.ts';
import { openDatabase, resolveDatabaseTarget } from './db/connect.ts';
import { migrateToLatest } from './db/migrator.ts';
import { formatSummary } from './etl/format-summary.ts';
import { loadAndValidate } from './etl/load-and-validate.ts';
import { openJsonLog } from './log/json-log.ts';
import { closeInterruptedRuns } from './process/interrupted-runs.ts';
import { readValidationConfig } from './validation/config.ts';

// Node's own env-file support: .env (never committed) configures the server and the S3 upload.
if (existsSync('.env')) process.loadEnvFile('.env');
const port = Number(process.env.PORT ?? 5000);
const databaseUrl = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR ?? 'data';
const access = accessConfig(process.env);

const setup = openDatabase(databaseUrl);
try {
  const { results, error } = await migrateToLatest(setup);
  for (const r of results) console.log(`migration ${r.migrationName}: ${r.status}`);
  if (error) throw error;
  const interrupted = await closeInterruptedRuns(setup);
  if (interrupted.loads.length > 0) console.log(`closed load(s) ${interrupted.loads.join(', ')} as interrumpida: their process died`);
  if (interrupted.monitorRuns.length > 0) console.log(`closed monitor run(s) ${interrupted.monitorRuns.join(', ')} as interrupted: their process died`);
  const loaded = await setup.selectFrom('cargas').select('id').where('estado', '=', 'ok').executeTakeFirst();
  if (!loaded) {
    console.log(`no load yet: loading ${dataDir} ...`);
    const { load, validation } = await loadAndValidate(setup, { dataDir, origin: 'seed', validationConfig: readValidationConfig() });
    console.log(formatSummary(load, dataDir));
    if (validation) console.log(`validation run ${validation.id}: ${validation.status}`);
  }
} finally {
  await setup.destroy();
}

const app = createApp({
  database: lazyDatabase(databaseUrl),
  settings: { apiToken: process.env.API_TOKEN || undefined, readToken: access.readToken, corsOrigins: access.corsOrigins, dataRoot: resolve(process.env.DATA_ROOT ?? '.'), databaseUrl, dataDir },
  log: openJsonLog('api.log', 'api', {}, { buffered: true }),
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
  server.close(() => void app.close().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
