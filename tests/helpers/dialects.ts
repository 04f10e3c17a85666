// The database engines the suite runs against: SQLite always; PostgreSQL when TEST_POSTGRES_URL points at
// a server the tests may create databases on. TEST_DIALECTS=sqlite|postgres|sqlite,postgres filters.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

const admin = process.env.TEST_POSTGRES_URL;
const wanted = (process.env.TEST_DIALECTS ?? (admin ? 'sqlite,postgres' : 'sqlite')).split(',').map((d) => d.trim()) as Dialect[];
if (wanted.includes('postgres') && !admin) throw new Error('TEST_DIALECTS asks for postgres but TEST_POSTGRES_URL is not set');

export const DIALECTS: readonly Dialect[] = wanted;

/** A new empty database: a file in `dir` for SQLite, a freshly created database for PostgreSQL. */
export async function freshDatabaseUrl(dialect: Dialect, dir: string): Promise<string> {
  if (dialect === 'sqlite') return join(dir, 'empresa.db');
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin!);
  url.pathname = `/${name}`;
  return url.toString();
}
