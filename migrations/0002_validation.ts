// Validation history (every run, every check result) and the parsed values of quarantined rows (for impact).
import { autoIdType } from '../src/db/engine.ts';
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('cuarentena').addColumn('valores', 'text').execute();

  await db.schema
    .createTable('validaciones')
    .addColumn('id', autoIdType(db), (c) => c.primaryKey().$call((b) => (autoIdType(db) === 'integer' ? b.autoIncrement() : b)))
    .addColumn('carga_id', 'integer', (c) => c.references('cargas.id'))
    .addColumn('ejecutada_en', 'text', (c) => c.notNull())
    .addColumn('fecha_corte', 'text', (c) => c.notNull())
    .addColumn('estado', 'text', (c) => c.notNull())
    .addColumn('origen', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('validaciones_ejecutada_idx').on('validaciones').column('ejecutada_en').execute();

  await db.schema
    .createTable('validacion_resultados')
    .addColumn('id', autoIdType(db), (c) => c.primaryKey().$call((b) => (autoIdType(db) === 'integer' ? b.autoIncrement() : b)))
    .addColumn('validacion_id', 'integer', (c) => c.notNull().references('validaciones.id').onDelete('cascade'))
    .addColumn('codigo', 'text', (c) => c.notNull())
    .addColumn('severidad', 'text', (c) => c.notNull())
    .addColumn('aprobado', 'integer', (c) => c.notNull())
    .addColumn('filas_afectadas', 'integer', (c) => c.notNull())
    .addColumn('muestras', 'text', (c) => c.notNull())
    .addColumn('impacto', 'text')
    .addColumn('detalle', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('validacion_resultados_run_idx').on('validacion_resultados').columns(['validacion_id', 'codigo']).execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('validacion_resultados').execute();
  await db.schema.dropTable('validaciones').execute();
  await db.schema.alterTable('cuarentena').dropColumn('valores').execute();
}
