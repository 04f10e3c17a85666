// The quarantine keeps at most a prefix of a long raw record: these record the whole record's length in
// UTF-8 bytes and its SHA-256, so it can still be found in the source file and told apart from others.
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('cuarentena').addColumn('contenido_bytes', 'bigint').execute();
  await db.schema.alterTable('cuarentena').addColumn('contenido_sha256', 'text').execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('cuarentena').dropColumn('contenido_sha256').execute();
  await db.schema.alterTable('cuarentena').dropColumn('contenido_bytes').execute();
}
