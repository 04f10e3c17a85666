// Which migrations exist (files in migrations/) and which are applied (the migraciones table).
// Kept apart from the Umzug runner so the load can check for pending migrations without loading Umzug.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');
// .ts in the source tree, .js once compiled to dist/ (never both in one folder).
const MIGRATION_FILE = /^(\d+_[\w-]+)\.(?:ts|js)$/;

export interface MigrationFile {
  name: string;
  path: string;
}

/** Migration files in name order (their numeric prefix orders them). */
export function listMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, path: join(dir, m[0]) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A query on a table that does not exist: SQLite's message, PostgreSQL's SQLSTATE undefined_table. */
function isMissingTable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '42P01' || (typeof e.message === 'string' && e.message.startsWith('no such table'));
}

/**
 * Names recorded as applied; none when the table does not exist yet. Any other failure is thrown, so a
 * database that cannot be reached (DatabaseUnreachable) is never mistaken for one with every migration pending.
 */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  try {
    const rows = await db.selectFrom('migraciones').select('nombre').orderBy('nombre').execute();
    return rows.map((r) => r.nombre);
  } catch (err) {
    if (isMissingTable(err)) return [];
    throw err;
  }
}

export interface MigrationState {
  applied: string[];
  pending: string[];
}

export async function migrationState(db: Kysely<Database>, dir: string = MIGRATIONS_DIR): Promise<MigrationState> {
  const applied = await appliedMigrations(db);
  const done = new Set(applied);
  return {
    applied,
    pending: listMigrations(dir)
      .map((m) => m.name)
      .filter((name) => !done.has(name)),
  };
}
