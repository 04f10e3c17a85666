// Fresh migrated databases (a SQLite file in a temporary folder, or a new PostgreSQL database), closed
// after each test file.
import type { Kysely } from 'kysely';
import { afterAll } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import type { Database } from '../../src/db/tables.ts';
import { type Dialect, freshDatabaseUrl } from './dialects.ts';
import { tempDirs } from './temp-dir.ts';

export function migratedDatabases(dialect: Dialect = 'sqlite'): () => Promise<{ db: Kysely<Database>; path: string; url: string }> {
  const newDir = tempDirs('ventas-db-');
  const open: Kysely<Database>[] = [];
  afterAll(async () => {
    for (const db of open) await db.destroy();
  });
  return async () => {
    const url = await freshDatabaseUrl(dialect, newDir());
    const db = openDatabase(url);
    open.push(db);
    const { error } = await migrateToLatest(db);
    if (error) throw error;
    return { db, path: url, url };
  };
}

/** Every data table's rows without the load id, for comparing two loads. */
export async function dataSnapshot(db: Kysely<Database>) {
  const tables = ['categorias', 'ciudades', 'productos', 'clientes', 'ventas', 'inventario', 'cuarentena'] as const;
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>;
    snapshot[table] = rows
      .map(({ carga_id: _load, id, ...rest }) => (table === 'categorias' || table === 'ciudades' ? { id, ...rest } : rest))
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return snapshot;
}

/** The number of rows in `table` (PostgreSQL counts as a bigint string; this is always a number). */
export async function rowCount(db: Kysely<Database>, table: keyof Database & string): Promise<number> {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
