// The one place that knows how the supported database engines differ.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column type for an auto-generated integer key. */
export function autoIdType(db: Kysely<any>) {
  return engineOf(db) === 'postgres' ? ('serial' as const) : ('integer' as const);
}

export interface IndexDefinition {
  name: string;
  table: string;
  /** The statement that recreates the index, as the engine reports it. */
  createSql: string;
}

/**
 * Secondary indexes of the given tables (not those backing primary keys or unique constraints),
 * read from the catalogue so a bulk load can drop and rebuild exactly what the migrations created.
 */
export async function secondaryIndexes(db: Kysely<any>, tables: string[]): Promise<IndexDefinition[]> {
  if (engineOf(db) === 'postgres') {
    const result = await sql<{ name: string; table: string; createSql: string }>`
      select i.indexname as name, i.tablename as "table", i.indexdef as "createSql"
      from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
      order by i.indexname`.execute(db);
    return result.rows;
  }
  const result = await sql<{ name: string; table: string; createSql: string }>`
    select name, tbl_name as "table", sql as "createSql" from sqlite_master
    where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})
    order by name`.execute(db);
  return result.rows;
}
