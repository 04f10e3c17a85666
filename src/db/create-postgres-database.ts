// Creates an empty PostgreSQL database next to the one an admin URL names, and drops it (tests and benchmarks use one each).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Returns the new database's URL; the name is the prefix and a random suffix. */
export async function createPostgresDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database createPostgresDatabase made (sessions still on it are ended first). */
export async function dropPostgresDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
  } finally {
    await client.end();
  }
}
