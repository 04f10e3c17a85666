// SQLite only: the quarantine's index is (archivo, razon), not (archivo, razon, id). Every SQLite index entry
// ends with the rowid, and `id` is the rowid (INTEGER PRIMARY KEY): the explicit column stored it twice and
// made every comparison of the index build one column longer. The order, and so every plan, is the same: a
// page of one file and reason past a cursor is still one index range (`archivo=? AND razon=? AND rowid>?`).
// The load rebuilds this index from its definition after every bulk insert: on shape C (1.55M quarantined
// rows) that build took 0.97-1.02 s with the id column and 0.81-0.85 s without (BENCHMARKS.md).
// PostgreSQL keeps (archivo, razon, id): its index entries point at heap tuples, not at ids.
import { engineOf } from '../src/db/engine.ts';
import type { MigrationContext } from '../src/db/migrator.ts';

const NAME = 'cuarentena_archivo_razon_idx';

export async function up({ context: db }: MigrationContext): Promise<void> {
  if (engineOf(db) !== 'sqlite') return;
  await db.schema.dropIndex(NAME).execute();
  await db.schema.createIndex(NAME).on('cuarentena').columns(['archivo', 'razon']).execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  if (engineOf(db) !== 'sqlite') return;
  await db.schema.dropIndex(NAME).execute();
  await db.schema.createIndex(NAME).on('cuarentena').columns(['archivo', 'razon', 'id']).execute();
}
