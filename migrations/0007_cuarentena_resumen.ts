// Per-load tallies of the quarantine by file and reason, written by the load from the counts it already
// keeps: validation reads counts and sale impact here instead of reading every quarantined row back.
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('cuarentena_resumen')
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('archivo', 'text', (c) => c.notNull())
    .addColumn('razon', 'text', (c) => c.notNull())
    .addColumn('filas', 'integer', (c) => c.notNull())
    // Units and revenue of the quarantined sales whose quantity and price parsed (null for other files).
    .addColumn('unidades', 'double precision')
    .addColumn('ingresos', 'double precision')
    // JSON array: up to 100 distinct product ids of `unknown_product` rows, ascending; null otherwise.
    .addColumn('productos', 'text')
    // Distinct product ids of `unknown_product` rows, all of them (the list above may be cut).
    .addColumn('productos_distintos', 'integer')
    .addPrimaryKeyConstraint('cuarentena_resumen_pk', ['carga_id', 'archivo', 'razon'])
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('cuarentena_resumen').execute();
}
