// Versioned schema migrations (Umzug), with their state stored in the database itself.
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { MigrationError, Umzug, type UmzugStorage } from 'umzug';
import { MIGRATIONS_DIR, appliedMigrations, listMigrations } from './migration-files.ts';
import type { Database } from './tables.ts';

export { MIGRATIONS_DIR, migrationState, type MigrationState } from './migration-files.ts';

export interface MigrationContext {
  context: Kysely<any>;
}

interface MigrationModule {
  up(params: MigrationContext): Promise<void>;
  down(params: MigrationContext): Promise<void>;
}

/** Umzug storage in the `migraciones` table, created on first use. */
function kyselyStorage(db: Kysely<Database>): UmzugStorage {
  const ensureTable = () =>
    db.schema
      .createTable('migraciones')
      .ifNotExists()
      .addColumn('nombre', 'text', (c) => c.primaryKey())
      .addColumn('aplicada_en', 'text', (c) => c.notNull())
      .execute();
  return {
    async executed() {
      await ensureTable();
      return appliedMigrations(db);
    },
    async logMigration({ name }) {
      await ensureTable();
      await db.insertInto('migraciones').values({ nombre: name, aplicada_en: new Date().toISOString() }).execute();
    },
    async unlogMigration({ name }) {
      await db.deleteFrom('migraciones').where('nombre', '=', name).execute();
    },
  };
}

export function createMigrator(db: Kysely<Database>, migrationsDir: string = MIGRATIONS_DIR) {
  return new Umzug<Kysely<any>>({
    context: db,
    storage: kyselyStorage(db),
    logger: undefined,
    migrations: listMigrations(migrationsDir).map(({ name, path }) => {
      const load = async () => (await import(pathToFileURL(path).href)) as MigrationModule;
      // Each migration runs in its own transaction so a failure leaves no half-built schema.
      return {
        name,
        path,
        up: async () => db.transaction().execute(async (trx) => (await load()).up({ context: trx })),
        down: async () => db.transaction().execute(async (trx) => (await load()).down({ context: trx })),
      };
    }),
  });
}

export type MigrationStatus = 'Success' | 'Error' | 'NotExecuted';

export interface MigrationResult {
  migrationName: string;
  direction: 'Up' | 'Down';
  status: MigrationStatus;
}

export interface MigrationResultSet {
  results: MigrationResult[];
  error?: MigrationFailure;
}

/** A migration that failed, with the migration's name and the underlying cause. */
export class MigrationFailure extends Error {
  readonly code = 'migration_failed';
  constructor(
    readonly migrationName: string,
    options: { cause: unknown },
  ) {
    super(`migration ${migrationName} failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
    this.name = 'MigrationFailure';
  }
}

async function runBatch(
  db: Kysely<Database>,
  direction: 'Up' | 'Down',
  planned: () => Promise<string[]>,
  run: (migrator: ReturnType<typeof createMigrator>) => Promise<Array<{ name: string }>>,
): Promise<MigrationResultSet> {
  const migrator = createMigrator(db);
  const names = await planned.call(null);
  const done = new Set<string>();
  migrator.on(direction === 'Up' ? 'migrated' : 'reverted', ({ name }) => {
    done.add(name);
  });
  try {
    await run(migrator);
    return { results: names.map((migrationName) => ({ migrationName, direction, status: 'Success' })) };
  } catch (err) {
    const failed = err instanceof MigrationError ? (err.migration as { name: string }).name : 'unknown';
    const cause = err instanceof MigrationError ? err.cause : err;
    return {
      results: names.map((migrationName) => ({
        migrationName,
        direction,
        status: done.has(migrationName) ? 'Success' : migrationName === failed ? 'Error' : 'NotExecuted',
      })),
      error: new MigrationFailure(failed, { cause }),
    };
  }
}

/** Applies every pending migration; returns a status per migration instead of throwing halfway. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  return runBatch(
    db,
    'Up',
    async () => (await createMigrator(db).pending()).map((m) => m.name),
    (m) => m.up(),
  );
}

/** Reverts the last applied migration. */
export async function migrateDown(db: Kysely<Database>): Promise<MigrationResultSet> {
  return runBatch(
    db,
    'Down',
    async () => (await createMigrator(db).executed()).slice(-1).map((m) => m.name),
    (m) => m.down(),
  );
}
