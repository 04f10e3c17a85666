// A quarantined row no longer stores its parsed values (a third of its bytes, written once per dirty row):
// they are rebuilt when read, by replaying the file's cleaner on the stored raw line. That needs what the
// load read the line with: each file's column positions and the lone-separator rule of its numbers.
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  // JSON object column -> 0-based position in the file's header; null for loads before this migration.
  await db.schema.alterTable('carga_archivos').addColumn('posiciones', 'text').execute();
  // The numbers' lone-separator rule the load used (config `loneSeparator`); null before this migration.
  await db.schema.alterTable('carga_archivos').addColumn('separador_suelto', 'text').execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('carga_archivos').dropColumn('separador_suelto').execute();
  await db.schema.alterTable('carga_archivos').dropColumn('posiciones').execute();
}
