// The database engines the suite runs against: SQLite always; PostgreSQL when TEST_POSTGRES_URL points at
// a server the tests may create databases on. TEST_DIALECTS=sqlite|postgres|sqlite,postgres filters.
import { join } from 'node:path';
import { createPostgresDatabase } from '../../src/db/create-postgres-database.ts';

export type Dialect = 'sqlite' | 'postgres';

const admin = process.env.TEST_POSTGRES_URL;
const wanted = (process.env.TEST_DIALECTS ?? (admin ? 'sqlite,postgres' : 'sqlite')).split(',').map((d) => d.trim()) as Dialect[];
if (wanted.includes('postgres') && !admin) throw new Error('TEST_DIALECTS asks for postgres but TEST_POSTGRES_URL is not set');

export const DIALECTS: readonly Dialect[] = wanted;

/** A new empty database: a file in `dir` for SQLite, a freshly created database for PostgreSQL. */
export async function freshDatabaseUrl(dialect: Dialect, dir: string): Promise<string> {
  if (dialect === 'sqlite') return join(dir, 'empresa.db');
  return createPostgresDatabase(admin!, 't');
}
