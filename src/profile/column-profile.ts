// Column profiles of the loaded tables: missing and distinct counts, min/max/mean of numbers, the range of
// dates, the most frequent text values. One aggregate query per table (every column in the same pass) and
// one bounded GROUP BY per text column, except columns the load already counted per value (the warehouse in
// resumen_inventario, the sales' city in resumen_ventas) or summarized (the numbers of ventas and inventario
// in resumen_columnas); the tables hold only the latest load, so this profiles that load.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, PerfilesColumnaTable } from '../db/tables.ts';
import { PROFILED_COLUMNS, type ProfiledColumn, TOP_VALUES } from './columns.ts';
import { columnSummary } from '../queries/column-summary.ts';

export interface TopValue {
  valor: string;
  filas: number;
}

/** A column's profile: the stored row without its load id, with the top values as a list, not JSON. */
export type ColumnProfile = Omit<PerfilesColumnaTable, 'carga_id' | 'frecuentes'> & { frecuentes: TopValue[] | null };

/** A stored text value longer than this is cut: the profile is a summary, not a copy of the data. */
const MAX_VALUE_CHARS = 200;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** What the one pass over the table computes for a column (the rest comes from indexes or is known). */
function aggregates(c: ProfiledColumn, i: number): RawBuilder<unknown>[] {
  const col = sql.ref(c.column);
  const out: RawBuilder<unknown>[] = [];
  if (c.summarized) return out;
  if (c.type === 'texto') out.push(sql`sum(case when ${col} = '' then 1 else 0 end) as ${sql.id(`e${i}`)}`);
  if (!c.unique && !c.indexed) out.push(sql`count(distinct ${col}) as ${sql.id(`d${i}`)}`);
  if (c.type !== 'texto' && !c.indexed) out.push(sql`min(${col}) as ${sql.id(`lo${i}`)}`, sql`max(${col}) as ${sql.id(`hi${i}`)}`);
  if (c.type === 'numero' && !c.id) out.push(sql`avg(${col}) as ${sql.id(`av${i}`)}`);
  return out;
}

/** One aggregate alone: on an indexed column both engines answer min and max from the index, not a scan. */
async function single(db: Kysely<Database>, table: string, expr: RawBuilder<unknown>): Promise<unknown> {
  const { rows } = await sql<{ v: unknown }>`select ${expr} as v from ${sql.table(table)}`.execute(db);
  return rows[0]?.v ?? null;
}

async function profileTable(db: Kysely<Database>, table: keyof Database, cols: ProfiledColumn[]): Promise<ColumnProfile[]> {
  const select = sql.join([sql`count(*) as n`, ...cols.flatMap(aggregates)]);
  const { rows } = await sql<Record<string, unknown>>`select ${select} from ${sql.table(table)}`.execute(db);
  const row = rows[0]!;
  const filas = Number(row.n);
  const profiles: ColumnProfile[] = [];
  for (const [i, c] of cols.entries()) {
    const col = sql.ref(c.column);
    const counted = c.summarized ? await SUMMARY_COUNTS[c.summarized](db, filas, c) : null;
    if (c.summarized && !counted) Object.assign(row, await passOver(db, table, c, i));
    let distinct: number;
    if (counted) distinct = counted.distinct;
    else if (c.unique) distinct = filas;
    else if (c.indexed) distinct = await indexedDistinct(db, table, c.column);
    else distinct = Number(row[`d${i}`]);
    const [lo, hi] =
      c.type === 'texto'
        ? [null, null]
        : counted
          ? [counted.lo, counted.hi]
          : c.indexed
            ? [await single(db, table, sql`min(${col})`), await single(db, table, sql`max(${col})`)]
            : [row[`lo${i}`] ?? null, row[`hi${i}`] ?? null];
    profiles.push({
      tabla: table,
      columna: c.column,
      tipo: c.type,
      filas,
      faltantes: counted ? counted.empty : c.type === 'texto' ? Number(row[`e${i}`] ?? 0) : 0,
      distintos: distinct,
      minimo: c.type === 'numero' ? num(lo) : null,
      maximo: c.type === 'numero' ? num(hi) : null,
      media: c.type === 'numero' && !c.id ? (counted ? counted.mean : num(row[`av${i}`])) : null,
      desde: c.type === 'fecha' ? ((lo as string | null) ?? null) : null,
      hasta: c.type === 'fecha' ? ((hi as string | null) ?? null) : null,
      frecuentes: counted?.top ? counted.top : c.type === 'texto' ? await topValues(db, table, c.column) : null,
    });
  }
  return profiles;
}

/** A summarized column's aggregates from its own pass: what the table's pass leaves out for it. */
async function passOver(db: Kysely<Database>, table: string, c: ProfiledColumn, i: number): Promise<Record<string, unknown>> {
  const wanted = aggregates({ ...c, summarized: undefined }, i);
  if (wanted.length === 0) return {};
  const { rows } = await sql<Record<string, unknown>>`select ${sql.join(wanted)} from ${sql.table(table)}`.execute(db);
  return rows[0]!;
}

/** What a summary the load wrote says of a column; null when it does not account for every row of the table. */
interface SummaryCounts {
  distinct: number;
  empty: number;
  top: TopValue[] | null;
  lo: unknown;
  hi: unknown;
  /** Numbers only. */
  mean: number | null;
}

/**
 * Columns the load counts per value as it streams, read from its summaries when they add up to the table
 * (a database loaded before a summary existed, or rows written by hand, fall back to a pass).
 */
const SUMMARY_COUNTS: Record<
  NonNullable<ProfiledColumn['summarized']>,
  (db: Kysely<Database>, filas: number, c: ProfiledColumn) => Promise<SummaryCounts | null>
> = {
  /** inventario.almacen: one row per spelling in resumen_inventario. */
  async almacen(db, filas) {
    const totals = await db
      .selectFrom('resumen_inventario')
      .select([
        sql<number>`count(*)`.as('distinct'),
        sql<number>`coalesce(sum(filas), 0)`.as('rows'),
        sql<number>`coalesce(sum(case when almacen = '' then filas else 0 end), 0)`.as('empty'),
      ])
      .executeTakeFirstOrThrow();
    if (Number(totals.rows) !== filas) return null;
    const top = await db
      .selectFrom('resumen_inventario')
      .select(['almacen', 'filas'])
      .where('almacen', '<>', '')
      .orderBy('filas', 'desc')
      .orderBy('almacen')
      .limit(TOP_VALUES)
      .execute();
    return {
      distinct: Number(totals.distinct),
      empty: Number(totals.empty),
      top: top.map((r) => ({ valor: r.almacen.slice(0, MAX_VALUE_CHARS), filas: Number(r.filas) })),
      lo: null,
      hi: null,
      mean: null,
    };
  },
  /** ventas.ciudad_id: resumen_ventas' `ciudad` rows, one per city (id in `orden`), with its sales. */
  async ciudad(db, filas) {
    const totals = await db
      .selectFrom('resumen_ventas')
      .select([
        sql<number>`count(*) filter (where ventas > 0)`.as('distinct'),
        sql<number>`coalesce(sum(ventas), 0)`.as('rows'),
        sql<number>`min(orden) filter (where ventas > 0)`.as('lo'),
        sql<number>`max(orden) filter (where ventas > 0)`.as('hi'),
      ])
      .where('dimension', '=', 'ciudad')
      .executeTakeFirstOrThrow();
    if (Number(totals.rows) !== filas) return null;
    return { distinct: Number(totals.distinct), empty: 0, top: null, lo: totals.lo ?? null, hi: totals.hi ?? null, mean: null };
  },
  /**
   * A numeric column of ventas or inventario: its row in resumen_columnas (number-stats.ts), when it counts
   * the table's rows and its distinct values (null past the worker's limit: the pass counts them then).
   */
  async numeros(db, filas, c) {
    const summary = await columnSummary(db, c.table as 'ventas' | 'inventario', c.column);
    if (!summary || summary.filas !== filas || summary.distintos === null) return null;
    return {
      distinct: summary.distintos,
      empty: 0,
      top: null,
      lo: summary.minimo,
      hi: summary.maximo,
      mean: filas === 0 || summary.suma === null ? null : summary.suma / filas,
    };
  },
};

/** Distinct values a loose index scan counts before it gives up: each is one index seek. */
const LOOSE_SCAN_LIMIT = 2000;

/**
 * The distinct count of an indexed column by a loose index scan: one seek per distinct value (the next
 * value above the last), so 730 days of 1M sales cost 730 seeks instead of a walk over 1M index entries.
 * Null when the column has more than LOOSE_SCAN_LIMIT values, where the walk is the cheaper way.
 */
async function looseDistinct(db: Kysely<Database>, table: string, column: string): Promise<number | null> {
  const col = sql.ref(column);
  const t = sql.table(table);
  const { rows } = await sql<{ n: unknown; steps: unknown }>`
    with recursive d(v, k) as (
      select min(${col}), 1 from ${t}
      union all
      select (select min(${col}) from ${t} where ${col} > d.v), k + 1 from d where d.v is not null and k < ${sql.lit(LOOSE_SCAN_LIMIT + 1)}
    )
    select count(v) as n, max(k) as steps from d`.execute(db);
  const n = Number(rows[0]!.n);
  // Complete when the scan reached the end (a last step that found nothing).
  return n < Number(rows[0]!.steps) ? n : null;
}

/** The distinct count of a column that leads an index: a loose scan when it has few values, else a walk. */
export async function indexedDistinct(db: Kysely<Database>, table: string, column: string): Promise<number> {
  return (await looseDistinct(db, table, column)) ?? (await indexWalkDistinct(db, table, column));
}

/** count(distinct) over a subquery: an index-only walk on both engines. */
async function indexWalkDistinct(db: Kysely<Database>, table: string, column: string): Promise<number> {
  const { rows } = await sql<{
    n: unknown;
  }>`select count(*) as n from (select distinct ${sql.ref(column)} from ${sql.table(table)}) d`.execute(db);
  return Number(rows[0]!.n);
}

async function topValues(db: Kysely<Database>, table: string, column: string): Promise<TopValue[]> {
  const col = sql.ref(column);
  const { rows } = await sql<{ valor: string; filas: unknown }>`
    select ${col} as valor, count(*) as filas from ${sql.table(table)}
    where ${col} is not null and ${col} <> ''
    group by ${col} order by filas desc, valor limit ${sql.lit(TOP_VALUES)}`.execute(db);
  return rows.map((r) => ({ valor: String(r.valor).slice(0, MAX_VALUE_CHARS), filas: Number(r.filas) }));
}

/** Profiles of every profiled column, in PROFILED_COLUMNS order. */
export async function profileColumns(
  db: Kysely<Database>,
  columns: readonly ProfiledColumn[] = PROFILED_COLUMNS,
): Promise<ColumnProfile[]> {
  const byTable = new Map<keyof Database, ProfiledColumn[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  const out: ColumnProfile[] = [];
  for (const [table, cols] of byTable) out.push(...(await profileTable(db, table, cols)));
  return out;
}

export function profileRow(loadId: number, p: ColumnProfile): PerfilesColumnaTable {
  return { carga_id: loadId, ...p, frecuentes: p.frecuentes === null ? null : JSON.stringify(p.frecuentes) };
}

/** A stored row back as a profile (the JSON list parsed). */
export function profileFromRow(row: PerfilesColumnaTable): ColumnProfile {
  const { carga_id: _load, ...rest } = row;
  return {
    ...rest,
    filas: Number(rest.filas),
    faltantes: Number(rest.faltantes),
    distintos: Number(rest.distintos),
    minimo: num(rest.minimo),
    maximo: num(rest.maximo),
    media: num(rest.media),
    frecuentes: rest.frecuentes === null ? null : (JSON.parse(rest.frecuentes) as TopValue[]),
  };
}
