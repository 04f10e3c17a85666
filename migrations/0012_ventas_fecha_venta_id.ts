// The sales page orders by (fecha, venta_id) and resumes after a cursor on both. On PostgreSQL, an index of
// fecha alone made each page read and sort a whole day's sales (2,600 rows for a page of 100 on 1M sales);
// on (fecha, venta_id) a page is 101 index entries, and the cursor's `(fecha, venta_id) > (?, ?)` is an
// index bound. SQLite is left as it is: its index of fecha already ends in venta_id (the rowid), so it has
// that order, and the wider index would cost its load 0.18 s more per 1M sales to rebuild.
import { engineOf } from '../src/db/engine.ts';
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await db.schema.dropIndex('ventas_fecha_idx').execute();
  await db.schema.createIndex('ventas_fecha_idx').on('ventas').columns(['fecha', 'venta_id']).execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await db.schema.dropIndex('ventas_fecha_idx').execute();
  await db.schema.createIndex('ventas_fecha_idx').on('ventas').columns(['fecha']).execute();
}
