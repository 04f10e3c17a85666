// The quarantine's index keys its rows by file, reason and id instead of file, reason and line. Every reader
// pages a file's rows of one reason in id order (the API, the report, the validation's samples), and within
// a load's file ids follow the lines; keyed by line, SQLite and PostgreSQL sorted every matching row for each
// page (930k duplicate_id stock rows: 120 ms a page on SQLite), keyed by id they read a page off the index.
import type { MigrationContext } from '../src/db/migrator.ts';

const NAME = 'cuarentena_archivo_razon_idx';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropIndex(NAME).execute();
  await db.schema.createIndex(NAME).on('cuarentena').columns(['archivo', 'razon', 'id']).execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.dropIndex(NAME).execute();
  await db.schema.createIndex(NAME).on('cuarentena').columns(['archivo', 'razon', 'linea']).execute();
}
