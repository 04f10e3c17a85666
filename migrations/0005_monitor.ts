// The monitor: lease-based locks shared through the database, and the history of monitor runs.
import { autoIdType } from '../src/db/engine.ts';
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('bloqueos')
    .addColumn('nombre', 'text', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('desde', 'text', (c) => c.notNull())
    .addColumn('vence', 'text', (c) => c.notNull())
    .execute();
  const id = autoIdType(db);
  await db.schema
    .createTable('monitor_ejecuciones')
    .addColumn('id', id, (c) => c.primaryKey().$call((b) => (id === 'integer' ? b.autoIncrement() : b)))
    .addColumn('iniciada_en', 'text', (c) => c.notNull())
    .addColumn('finalizada_en', 'text')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('archivo', 'text', (c) => c.notNull())
    .addColumn('paso', 'text', (c) => c.notNull())
    .addColumn('resultado', 'text', (c) => c.notNull())
    .addColumn('detalle', 'text')
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('monitor_ejecuciones').execute();
  await db.schema.dropTable('bloqueos').execute();
}
