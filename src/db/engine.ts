// The one place that knows how the supported database engines differ.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** A table, column or constraint name as a quoted SQL identifier (the same on both engines). */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

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
export async function secondaryIndexes(db: Kysely<any>, tables: readonly string[]): Promise<IndexDefinition[]> {
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

/** Memory PostgreSQL may sort in while a load rebuilds its indexes (its own, not this process's). */
export const INDEX_BUILD_MEMORY = '256MB';

/**
 * Before a load rebuilds its indexes, inside its transaction: on PostgreSQL a larger sort memory for this
 * transaction only (`set local`; 64 MB by default), about 15% off each index of 1M sales. SQLite: nothing.
 */
export async function prepareIndexBuild(trx: Kysely<any>): Promise<void> {
  if (engineOf(trx) === 'postgres') await sql.raw(`set local maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`).execute(trx);
}

/**
 * PostgreSQL: whether this session may set `session_replication_role` (a superuser's setting), which
 * switches off the row-by-row foreign-key triggers of a bulk load without any DDL, so without locking the
 * referenced tables. SQLite: false (it has its own switch, foreign-key-checks.ts).
 */
export async function maySkipTriggers(db: Kysely<any>): Promise<boolean> {
  if (engineOf(db) !== 'postgres') return false;
  const { rows } = await sql<{ su: string }>`select current_setting('is_superuser') as su`.execute(db);
  return rows[0]?.su === 'on';
}

/** PostgreSQL, inside a transaction: triggers (foreign-key checks among them) off (`replica`) or back on (`origin`) until its end. */
export async function setTriggers(trx: Kysely<any>, on: boolean): Promise<void> {
  await sql.raw(`set local session_replication_role = ${on ? 'origin' : 'replica'}`).execute(trx);
}

/** Rows of `table` whose single-column foreign key has no row behind it, for each of the table's keys. */
export async function foreignKeyViolations(db: Kysely<any>, tables: readonly string[]): Promise<Array<ForeignKey & { rows: number }>> {
  const out: Array<ForeignKey & { rows: number }> = [];
  for (const key of await listForeignKeys(db, tables)) {
    if (!tables.includes(key.table)) continue;
    const [parent, parentColumn] = key.references.split('.') as [string, string];
    const child = sql.ref(`c.${key.column}`);
    const { rows } = await sql<{ n: unknown }>`
      select count(*) as n from ${sql.table(key.table)} as c
      where ${child} is not null and not exists (select 1 from ${sql.table(parent)} as p where ${sql.ref(`p.${parentColumn}`)} = ${child})`.execute(
      db,
    );
    out.push({ ...key, rows: Number(rows[0]!.n) });
  }
  return out;
}

/** A foreign-key constraint as the statement that adds it back. */
export interface ConstraintDefinition {
  name: string;
  table: string;
  /** `foreign key (...) references ...`, as the catalogue describes it (pg_get_constraintdef). */
  definition: string;
  /** `alter table ... add constraint ... foreign key ...`: the definition added back to its own table. */
  createSql: string;
}

/**
 * PostgreSQL: the foreign-key constraints of the given tables, which a bulk load drops and adds back
 * (checking them row by row through their triggers cost PostgreSQL most of a COPY: 3 lookups per sale;
 * adding one back checks every row in one set-based pass). SQLite: none; it switches its checks off
 * instead (foreign-key-checks.ts).
 */
export async function foreignKeyConstraints(
  db: Kysely<any>,
  tables: readonly string[],
  options: { except?: { referencing: string[] } } = {},
): Promise<ConstraintDefinition[]> {
  if (engineOf(db) !== 'postgres') return [];
  const kept = options.except?.referencing ?? [];
  const result = await sql<{ name: string; table: string; definition: string }>`
    select c.conname as name, t.relname as "table", pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    join pg_class r on r.oid = c.confrelid
    where c.contype = 'f' and n.nspname = current_schema() and t.relname in (${sql.join(tables)})
      ${kept.length > 0 ? sql`and r.relname not in (${sql.join(kept)})` : sql``}
    order by t.relname, c.conname`.execute(db);
  return result.rows.map((r) => ({
    name: r.name,
    table: r.table,
    definition: r.definition,
    createSql: `alter table ${quoteIdentifier(r.table)} add constraint ${quoteIdentifier(r.name)} ${r.definition}`,
  }));
}

export interface ForeignKey {
  table: string;
  column: string;
  references: string;
}

/** Named indexes (not the implicit ones behind primary keys) as `table.index`. */
export async function listIndexes(db: Kysely<any>): Promise<string[]> {
  const rows =
    engineOf(db) === 'postgres'
      ? (
          await sql<{
            t: string;
            n: string;
          }>`select tablename as t, indexname as n from pg_indexes where schemaname = current_schema()`.execute(db)
        ).rows
      : (
          await sql<{
            t: string;
            n: string;
          }>`select tbl_name as t, name as n from sqlite_master where type = 'index' and sql is not null`.execute(db)
        ).rows;
  return rows.map((r) => `${r.t}.${r.n}`).sort();
}

/** Foreign keys as (table, column) -> `table.column` they reference. */
export async function listForeignKeys(db: Kysely<any>, tables: readonly string[]): Promise<ForeignKey[]> {
  if (engineOf(db) === 'postgres') {
    const r = await sql<ForeignKey>`
      select kcu.table_name as "table", kcu.column_name as "column", ccu.table_name || '.' || ccu.column_name as "references"
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
    return r.rows;
  }
  const keys: ForeignKey[] = [];
  for (const table of tables) {
    const r = await sql<{
      from: string;
      table: string;
      to: string;
    }>`select "from", "table", "to" from pragma_foreign_key_list(${table})`.execute(db);
    for (const fk of r.rows) keys.push({ table, column: fk.from, references: `${fk.table}.${fk.to}` });
  }
  return keys;
}

/** The columns of a table's primary key, in key order (empty when it has none). */
export async function primaryKeyColumns(db: Kysely<any>, table: string): Promise<string[]> {
  if (engineOf(db) === 'postgres') {
    const r = await sql<{ name: string }>`
      select kcu.column_name as name
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
      where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema() and tc.table_name = ${table}
      order by kcu.ordinal_position`.execute(db);
    return r.rows.map((c) => c.name);
  }
  const r = await sql<{ name: string }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
  return r.rows.map((c) => c.name);
}
