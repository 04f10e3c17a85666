// Sales summaries (by category, city and month) computed by each load, so the API never aggregates the
// whole sales table per request.
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('resumen_ventas')
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('clave', 'text', (c) => c.notNull())
    .addColumn('orden', 'integer', (c) => c.notNull())
    .addColumn('unidades', 'integer', (c) => c.notNull())
    .addColumn('ingresos', 'double precision', (c) => c.notNull())
    .addColumn('ventas', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('resumen_ventas_pk', ['dimension', 'clave'])
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('resumen_ventas').execute();
}
