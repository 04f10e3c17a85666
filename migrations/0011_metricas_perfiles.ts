// Per-load metrics (row counts, quarantine share, units and revenue per day and category, distinct clients)
// and per-load column profiles, both kept for every load: the anomaly checks compare the latest load's
// metrics with their history, and the profile shows how each column changed since the previous load.
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('metricas_carga')
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    // The file's table: ventas, inventario, productos, clientes.
    .addColumn('archivo', 'text', (c) => c.notNull())
    .addColumn('metrica', 'text', (c) => c.notNull())
    // A day (YYYY-MM-DD) or a category name for the per-day and per-category metrics; '' for a whole-file one.
    .addColumn('clave', 'text', (c) => c.notNull())
    .addColumn('valor', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('metricas_carga_pk', ['carga_id', 'archivo', 'metrica', 'clave'])
    .execute();
  // The anomaly checks read one metric over the latest loads.
  await db.schema
    .createIndex('metricas_carga_metrica_idx')
    .on('metricas_carga')
    .columns(['archivo', 'metrica', 'clave', 'carga_id'])
    .execute();

  await db.schema
    .createTable('perfiles_columna')
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('tabla', 'text', (c) => c.notNull())
    .addColumn('columna', 'text', (c) => c.notNull())
    // numero, fecha or texto: which of the figures below apply.
    .addColumn('tipo', 'text', (c) => c.notNull())
    .addColumn('filas', 'integer', (c) => c.notNull())
    .addColumn('faltantes', 'integer', (c) => c.notNull())
    .addColumn('distintos', 'integer', (c) => c.notNull())
    // Numbers: min, max and mean; null for dates and text.
    .addColumn('minimo', 'double precision')
    .addColumn('maximo', 'double precision')
    .addColumn('media', 'double precision')
    // Dates: the earliest and latest day; null otherwise.
    .addColumn('desde', 'text')
    .addColumn('hasta', 'text')
    // Text: JSON array of up to 5 {valor, filas}, most frequent first; null otherwise.
    .addColumn('frecuentes', 'text')
    .addPrimaryKeyConstraint('perfiles_columna_pk', ['carga_id', 'tabla', 'columna'])
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('perfiles_columna').execute();
  await db.schema.dropTable('metricas_carga').execute();
}
