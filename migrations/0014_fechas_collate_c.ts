// PostgreSQL only: the date columns of the two large tables compare bytewise (COLLATE "C"). They hold ISO
// dates (YYYY-MM-DD), which sort the same under every collation, so nothing a reader sees changes; but the
// database's default collation (C.UTF-8 here, en_US and the like elsewhere) made every comparison in the
// index builds a locale-aware one: the sales' (fecha, venta_id) index took 1.25-2.0 s of each 1M-sale load
// against 1.07 s bytewise (BENCHMARKS.md). SQLite already compares text bytewise (BINARY): both engines now
// order these columns the same way by construction. The table swap's LIKE copies the collation.
import { sql } from 'kysely';
import { engineOf } from '../src/db/engine.ts';
import type { MigrationContext } from '../src/db/migrator.ts';

const COLUMNS = [
  ['ventas', 'fecha'],
  ['inventario', 'fecha'],
] as const;

export async function up({ context: db }: MigrationContext): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  for (const [table, column] of COLUMNS)
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(db);
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  for (const [table, column] of COLUMNS)
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "default"`.execute(db);
}
