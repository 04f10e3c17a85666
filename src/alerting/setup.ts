// Wires alerting from config/alerting.json and the environment (channel secrets) for the commands and the API.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { openJsonLog } from '../log/json-log.ts';
import { readAlertingConfig } from './alerting-config.ts';
import type { AlertingDeps } from './alert-engine.ts';
import { channelsFromConfig } from './channels/index.ts';
import { reportUrl } from './report-url.ts';

export function alertingFromEnvironment(db: Kysely<Database>, env: NodeJS.ProcessEnv = process.env): AlertingDeps {
  const file = readAlertingConfig();
  const config = { ...file, reportUrl: reportUrl(env, file.reportUrl) };
  return { db, config, channels: channelsFromConfig(config, env), log: openJsonLog('alertas.log', 'alerting') };
}
