// Loads record who runs them (host and pid), so a load whose process died can be told from one still
// running and closed as `interrumpida`; and whether a large row-count drop was accepted on purpose
// (`--allow-drop`), so the validation does not flag a drop someone already chose.
import { sql } from 'kysely';
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  // Null for loads recorded before this migration: their runner is unknown.
  await db.schema.alterTable('cargas').addColumn('host', 'text').execute();
  await db.schema.alterTable('cargas').addColumn('pid', 'integer').execute();
  // 1 when the load was allowed to replace a file with under the configured share of the previous load's rows.
  await db.schema
    .alterTable('cargas')
    .addColumn('caida_permitida', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // A load left `en_curso` by an earlier version cannot be checked (no runner recorded). Migrations run
  // when nothing loads (the seed refuses a pending migration; the server migrates before it loads), so
  // such a row is an interrupted load: it is closed here rather than left as the latest load forever.
  await db
    .updateTable('cargas')
    .set({
      estado: 'interrumpida',
      finalizada_en: sql<string>`coalesce(finalizada_en, iniciada_en)`,
      error_codigo: 'interrupted',
      error_mensaje: 'left in progress by a process that no longer runs (closed by migration 0008)',
    })
    .where('estado', '=', 'en_curso')
    .execute();
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  // The state did not exist before: an interrupted load reads as a failed one.
  await db.updateTable('cargas').set({ estado: 'error' }).where('estado', '=', 'interrumpida').execute();
  await db.schema.alterTable('cargas').dropColumn('caida_permitida').execute();
  await db.schema.alterTable('cargas').dropColumn('pid').execute();
  await db.schema.alterTable('cargas').dropColumn('host').execute();
}
