// What every resolver gets: the database, per-request loaders, and what the request proved about itself.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';
import type { ProcessCheck } from '../process/liveness.ts';
import type { Loaders } from './loaders.ts';

export interface ApiSettings {
  /** Mutations need `Authorization: Bearer <apiToken>`; without one configured they are refused. */
  apiToken: string | undefined;
  /** When set, every query needs this token or the admin token (API_READ_TOKEN); personal fields always need one. */
  readToken?: string | undefined;
  /** Origins allowed to call the API from a browser (CORS_ORIGINS); none by default. */
  corsOrigins?: string[];
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
  /** Reads: a read replica that has caught up, or the primary (src/api/database-handle.ts). */
  db: Kysely<Database>;
  /** Writes, and reading back what was just written: always DATABASE_URL. */
  primary: Kysely<Database>;
  /** Call after a write: this process, its peers and the replicas' readers show it from the next read on. */
  afterWrite(): Promise<void>;
  loaders: Loaders;
  /** The bearer token the request carried, if any (mutations check it against the admin token). */
  bearer: string | null;
  /** The request proved a read or admin token (header or login cookie): personal fields are served. */
  canRead: boolean;
  settings: ApiSettings;
}
