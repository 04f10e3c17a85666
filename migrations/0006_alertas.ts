// Alerting: alert groups (one per cause: check and source), every notification sent or failed, and the
// circuit breakers of the jobs. In the database so escalation, dedup and the breaker work across runs.
import { autoIdType } from '../src/db/engine.ts';
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  const id = autoIdType(db);
  await db.schema
    .createTable('alertas')
    .addColumn('id', id, (c) => c.primaryKey().$call((b) => (id === 'integer' ? b.autoIncrement() : b)))
    .addColumn('clave', 'text', (c) => c.notNull())
    .addColumn('codigo', 'text', (c) => c.notNull())
    .addColumn('fuente', 'text', (c) => c.notNull())
    .addColumn('severidad', 'text', (c) => c.notNull())
    .addColumn('estado', 'text', (c) => c.notNull())
    .addColumn('mensaje', 'text', (c) => c.notNull())
    .addColumn('filas', 'integer', (c) => c.notNull())
    .addColumn('impacto', 'text')
    .addColumn('runbook', 'text')
    .addColumn('ejecucion', 'text')
    .addColumn('carga_id', 'integer')
    .addColumn('primera_vez', 'text', (c) => c.notNull())
    .addColumn('ultima_vez', 'text', (c) => c.notNull())
    .addColumn('ultima_notificacion', 'text')
    .addColumn('resuelta_en', 'text')
    .execute();
  await db.schema.createIndex('alertas_clave_idx').on('alertas').columns(['clave', 'estado']).execute();
  await db.schema
    .createTable('notificaciones')
    .addColumn('id', id, (c) => c.primaryKey().$call((b) => (id === 'integer' ? b.autoIncrement() : b)))
    .addColumn('alerta_id', 'integer', (c) => c.references('alertas.id'))
    .addColumn('canal', 'text', (c) => c.notNull())
    .addColumn('tipo', 'text', (c) => c.notNull())
    .addColumn('severidad', 'text', (c) => c.notNull())
    .addColumn('estado', 'text', (c) => c.notNull())
    .addColumn('intentos', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('enviada_en', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notificaciones_enviada_idx').on('notificaciones').columns(['tipo', 'severidad', 'enviada_en']).execute();
  await db.schema
    .createTable('interruptores')
    .addColumn('trabajo', 'text', (c) => c.primaryKey())
    .addColumn('estado', 'text', (c) => c.notNull())
    .addColumn('fallos_seguidos', 'integer', (c) => c.notNull())
    .addColumn('abierto_en', 'text')
    .addColumn('actualizado_en', 'text', (c) => c.notNull())
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('interruptores').execute();
  await db.schema.dropTable('notificaciones').execute();
  await db.schema.dropTable('alertas').execute();
}
