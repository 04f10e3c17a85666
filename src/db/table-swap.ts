// PostgreSQL: a load's bulk tables are built beside the live ones, inside the load's transaction, and swapped
// in just before the commit. DELETE then COPY into the same table left PostgreSQL a heap of 2M tuples (half of
// them deleted by this very transaction) to COPY next to and to index, and every row of the new load without
// hint bits for the first reader to set: a reload of 1M sales took 13-14 s against 8 s into an empty database.
// A table created in the transaction takes `COPY ... FREEZE` (rows written already visible to all), and its
// indexes and keys are built over its own rows only (BENCHMARKS.md).
//
// Readers keep reading the previous rows, without waiting, until the swap (DROP INDEX used to lock them out
// for the whole load). The swap's DROP takes an exclusive lock on the
// old table and, through its keys' triggers, on the tables they reference (cargas, productos, ciudades): it is
// therefore the load's last statement, and readers wait only for the few catalogue updates before the commit.
// SQLite keeps DELETE, which it already does as a truncation.
//
// A swap carries what it reads from the catalogue: columns, defaults, checks, keys, indexes, foreign keys,
// serial sequences, the owner and table privileges. A table with anything else a new table would silently
// lose (triggers, row security, rules, column privileges, a publication, views or keys of other tables that
// depend on it, inheritance) is not staged: the load fills it in place, as before, and says why.
import { type Kysely, sql } from 'kysely';
import { foreignKeyConstraints, quoteIdentifier, secondaryIndexes } from './engine.ts';

/** Appended to the staging table's name and to its index-backed constraints' until the swap. */
const STAGING_SUFFIX = '__carga';

interface TablePlan {
  table: string;
  staging: string;
  /** Primary keys, unique and exclusion constraints: `add constraint <name>__carga ...`, renamed back after the swap. */
  keys: Array<{ name: string; definition: string }>;
  /** Other indexes, as `create index` on the staging table under <name>__carga. */
  indexes: Array<{ name: string; createSql: string }>;
  /** Foreign keys, added to the staging table under their own names (unique per table only). */
  foreignKeys: Array<{ name: string; definition: string }>;
  /** Sequences the table owns (serial columns): handed to the staging table before the old one is dropped. */
  sequences: Array<{ sequence: string; column: string }>;
  owner: string;
  /** `grant ... on <staging> ...` statements that give the new table the old one's privileges. */
  grants: string[];
}

export interface StagedTables {
  /** The table rows of `table` are written to until the swap; undefined when it is filled in place. */
  staging(table: string): string | undefined;
  /** Tables filled in place, each with the reason it could not be staged. */
  readonly inPlace: ReadonlyArray<{ table: string; reason: string }>;
  /** Keys, indexes and foreign keys on the staging tables, then fresh planner statistics. */
  build(trx: Kysely<any>): Promise<void>;
  /** Drops the old tables and renames the staging ones (and their keys and indexes) into their place. */
  swap(trx: Kysely<any>): Promise<void>;
}

const stagingName = (name: string) => `${name}${STAGING_SUFFIX}`;

/** `CREATE [UNIQUE] INDEX name ON [ONLY] schema.table USING ...` (pg_get_indexdef) for another name and table. */
export function retargetIndex(createSql: string, name: string, table: string): string {
  // Names are bare or double-quoted (with "" inside); the table may be schema-qualified.
  const identifier = String.raw`(?:"(?:[^"]|"")*"|[^\s"]+)`;
  const match = new RegExp(
    String.raw`^CREATE (UNIQUE )?INDEX ${identifier} ON (?:ONLY )?${identifier}(?:\.${identifier})? (USING .*)$`,
    's',
  ).exec(createSql);
  if (!match) throw new Error(`unexpected index definition: ${createSql}`);
  return `CREATE ${match[1] ?? ''}INDEX ${quoteIdentifier(name)} ON ${quoteIdentifier(table)} ${match[2]}`;
}

/** Why `table` cannot be swapped without losing something, or null when it can. */
export async function swapBlocker(trx: Kysely<any>, table: string): Promise<string | null> {
  const { rows } = await sql<{ reason: string }>`
    with t as (select c.oid, c.relrowsecurity, c.relhassubclass, c.relispartition, c.relowner from pg_class c where c.oid = ${table}::regclass)
    select 'it has triggers' as reason from pg_trigger g, t where g.tgrelid = t.oid and not g.tgisinternal
    union all select 'it has row security' from t where t.relrowsecurity
      or exists (select 1 from pg_policy p where p.polrelid = t.oid)
    union all select 'it has rules' from pg_rewrite r, t where r.ev_class = t.oid
    union all select 'it has column privileges' from pg_attribute a, t where a.attrelid = t.oid and a.attacl is not null
    union all select 'it is in a publication' from pg_publication_rel p, t where p.prrelid = t.oid
    union all select 'views depend on it' from pg_depend d join pg_rewrite r on r.oid = d.objid, t
      where d.refobjid = t.oid and d.classid = 'pg_rewrite'::regclass and r.ev_class <> t.oid
    union all select 'keys of other tables reference it' from pg_constraint k, t where k.confrelid = t.oid and k.conrelid <> t.oid
    union all select 'it is part of an inheritance tree or partitioned' from t
      where t.relhassubclass or t.relispartition or exists (select 1 from pg_inherits i where i.inhrelid = t.oid)
    union all select 'the load may not drop it (another role owns it)' from t where not pg_has_role(current_user, t.relowner, 'MEMBER')
    limit 1`.execute(trx);
  return rows[0]?.reason ?? null;
}

async function planTable(trx: Kysely<any>, table: string): Promise<TablePlan> {
  // Primary keys, unique and exclusion constraints (each backed by an index, which secondaryIndexes leaves
  // out); plain indexes and foreign keys come from the same catalogue reads the in-place path uses.
  const keys = await sql<{ name: string; definition: string }>`
    select c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    where c.conrelid = ${table}::regclass and c.contype in ('p', 'u', 'x')
    order by c.conname`.execute(trx);
  const indexes = await secondaryIndexes(trx, [table]);
  const foreignKeys = await foreignKeyConstraints(trx, [table]);
  const sequences = await sql<{ sequence: string; column: string }>`
    select s.relname as sequence, a.attname as "column"
    from pg_depend d
    join pg_class s on s.oid = d.objid and s.relkind = 'S'
    join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
    where d.refobjid = ${table}::regclass and d.deptype = 'a'`.execute(trx);
  const { rows: access } = await sql<{
    owner: string;
    grantee: string | null;
    toPublic: boolean | null;
    privilege: string;
    grantable: boolean;
  }>`
    select pg_get_userbyid(c.relowner) as owner,
           case when a.grantee = 0 then null else pg_get_userbyid(a.grantee) end as grantee, a.grantee = 0 as "toPublic",
           a.privilege_type as privilege, a.is_grantable as grantable
    from pg_class c left join lateral aclexplode(c.relacl) a on true
    where c.oid = ${table}::regclass`.execute(trx);
  const owner = access[0]!.owner;
  const staging = quoteIdentifier(stagingName(table));
  const grants = access
    .filter((a) => a.privilege !== null && a.grantee !== owner)
    .map(
      (a) =>
        `grant ${a.privilege} on ${staging} to ${a.toPublic ? 'public' : quoteIdentifier(a.grantee!)}${a.grantable ? ' with grant option' : ''}`,
    );
  return {
    table,
    staging: stagingName(table),
    keys: keys.rows,
    indexes,
    foreignKeys,
    sequences: sequences.rows,
    owner,
    grants,
  };
}

/**
 * Reads each table's keys, indexes and foreign keys from the catalogue (before a load suspends any of them)
 * and creates its empty staging table: the same columns, defaults and checks, and no index yet.
 */
export async function stageTables(trx: Kysely<any>, tables: readonly string[]): Promise<StagedTables> {
  const plans: TablePlan[] = [];
  const inPlace: Array<{ table: string; reason: string }> = [];
  for (const table of tables) {
    const reason = await swapBlocker(trx, table);
    if (reason !== null) {
      inPlace.push({ table, reason });
      continue;
    }
    const plan = await planTable(trx, table);
    const staging = quoteIdentifier(plan.staging);
    await sql.raw(`create table ${staging} (like ${quoteIdentifier(table)} including all excluding indexes)`).execute(trx);
    // A superuser's load would otherwise own the new table, and the role that runs the migrations could not alter it.
    await sql.raw(`alter table ${staging} owner to ${quoteIdentifier(plan.owner)}`).execute(trx);
    for (const grant of plan.grants) await sql.raw(grant).execute(trx);
    plans.push(plan);
  }
  const byTable = new Map(plans.map((p) => [p.table, p]));
  return {
    inPlace,
    staging(table) {
      return byTable.get(table)?.staging;
    },
    async build(trx) {
      for (const p of plans) {
        const staging = quoteIdentifier(p.staging);
        for (const k of p.keys)
          await sql.raw(`alter table ${staging} add constraint ${quoteIdentifier(stagingName(k.name))} ${k.definition}`).execute(trx);
        for (const i of p.indexes) await sql.raw(retargetIndex(i.createSql, stagingName(i.name), p.staging)).execute(trx);
        // Adding a key checks every row in one set-based pass (whatever session_replication_role says).
        for (const f of p.foreignKeys)
          await sql.raw(`alter table ${staging} add constraint ${quoteIdentifier(f.name)} ${f.definition}`).execute(trx);
        // A new table has no statistics: the validation right after the load, and the API, would plan blind.
        await sql.raw(`analyze ${staging}`).execute(trx);
      }
    },
    async swap(trx) {
      for (const p of plans) {
        const staging = quoteIdentifier(p.staging);
        for (const s of p.sequences)
          await sql.raw(`alter sequence ${quoteIdentifier(s.sequence)} owned by ${staging}.${quoteIdentifier(s.column)}`).execute(trx);
        await sql.raw(`drop table ${quoteIdentifier(p.table)}`).execute(trx);
        await sql.raw(`alter table ${staging} rename to ${quoteIdentifier(p.table)}`).execute(trx);
        const live = quoteIdentifier(p.table);
        for (const k of p.keys)
          await sql
            .raw(`alter table ${live} rename constraint ${quoteIdentifier(stagingName(k.name))} to ${quoteIdentifier(k.name)}`)
            .execute(trx);
        for (const i of p.indexes)
          await sql.raw(`alter index ${quoteIdentifier(stagingName(i.name))} rename to ${quoteIdentifier(i.name)}`).execute(trx);
      }
    },
  };
}
