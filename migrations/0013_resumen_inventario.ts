// Per warehouse spelling, the stock rows and the first and last stock date of the latest load, computed by
// the load as it streams the stock file: the warehouse checks and the profile read these few rows instead
// of a pass over an inventory as large as the sales.
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('resumen_inventario')
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('almacen', 'text', (c) => c.notNull())
    .addColumn('filas', 'integer', (c) => c.notNull())
    .addColumn('desde', 'text', (c) => c.notNull())
    .addColumn('hasta', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resumen_inventario_pk', ['almacen'])
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('resumen_inventario').execute();
}
