// Per numeric column of the large tables (ventas.cantidad, ventas.precio_unitario, inventario.stock), what the
// file worker counted of the latest load's rows as it cleaned them: rows, distinct values (null past a limit),
// min, max and sum. The column profile reads these few rows instead of a count(distinct) pass over the table.
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('resumen_columnas')
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('tabla', 'text', (c) => c.notNull())
    .addColumn('columna', 'text', (c) => c.notNull())
    .addColumn('filas', 'bigint', (c) => c.notNull())
    .addColumn('distintos', 'bigint')
    .addColumn('minimo', 'double precision')
    .addColumn('maximo', 'double precision')
    .addColumn('suma', 'double precision')
    .addPrimaryKeyConstraint('resumen_columnas_pk', ['tabla', 'columna'])
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('resumen_columnas').execute();
}
