// What every resolver gets: the database, per-request loaders, and what the request proved about itself.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';
import type { ProcessCheck } from '../process/liveness.ts';
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
  /** Tells a load in progress from one whose process died (hidden from `cargas`); default the real one. */
  processCheck?: ProcessCheck;
}

export interface ApiContext {
  db: Kysely<Database>;
  loaders: Loaders;
  /** The bearer token the request carried, if any. */
  bearer: string | null;
  settings: ApiSettings;
}
