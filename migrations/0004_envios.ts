// Upload history: every object of every upload run, and the dead letters (objects that failed after retries).
import { autoIdType } from '../src/db/engine.ts';
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  const id = autoIdType(db);
  await db.schema
    .createTable('envios')
    .addColumn('id', id, (c) => c.primaryKey().$call((b) => (id === 'integer' ? b.autoIncrement() : b)))
    .addColumn('ejecucion', 'text', (c) => c.notNull())
    .addColumn('enviado_en', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('clave', 'text', (c) => c.notNull())
    .addColumn('origen', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('estado', 'text', (c) => c.notNull())
    .addColumn('intentos', 'integer', (c) => c.notNull())
    .addColumn('duracion_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('envios_enviado_idx').on('envios').column('enviado_en').execute();
  await db.schema
    .createTable('envios_fallidos')
    .addColumn('id', id, (c) => c.primaryKey().$call((b) => (id === 'integer' ? b.autoIncrement() : b)))
    .addColumn('creado_en', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('clave', 'text', (c) => c.notNull())
    .addColumn('origen', 'text', (c) => c.notNull())
    .addColumn('gzip', 'integer', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('intentos', 'integer', (c) => c.notNull())
    .addColumn('resuelto_en', 'text')
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('envios_fallidos').execute();
  await db.schema.dropTable('envios').execute();
}
