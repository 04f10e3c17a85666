// What every resolver gets: the database, per-request loaders, and what the request proved about itself.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';
import type { Loaders } from './loaders.ts';

export interface ApiSettings {
  /** Mutations need `Authorization: Bearer <apiToken>`; without one configured they are refused. */
  apiToken: string | undefined;
  /** `reload(dataDir)` only reads folders inside this one. */
  dataRoot: string;
  /** The DATABASE_URL the app serves; reloads open their own connection to it. */
  databaseUrl: string | undefined;
  /** Folder of the raw CSV files that uploadToS3 sends (DATA_DIR, default data/). */
  dataDir?: string;
  log?: JsonLog;
}

export interface ApiContext {
  db: Kysely<Database>;
  loaders: Loaders;
  /** The bearer token the request carried, if any. */
  bearer: string | null;
  settings: ApiSettings;
}
