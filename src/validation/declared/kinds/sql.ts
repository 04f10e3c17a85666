// sql: a SELECT whose rows are the failing rows. Refused unless it is a single read-only SELECT
// (sql-guard.ts), and run read-only (read-only.ts) as a subquery: a count (cut at MAX_COUNTED_ROWS) and
// a LIMIT sample in one run, never every row fetched. When its rows have columns `unidades` and `ingresos`, their sums
// (over the counted rows) are the check's impact, from the same run.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { engineOf } from '../../../db/engine.ts';
import { readOnly } from '../read-only.ts';
import { guardQuery } from '../sql-guard.ts';
import type { CheckKind } from './kind.ts';

export const MAX_COUNTED_ROWS = 1_000_000;
const MAX_QUERY_CHARS = 20_000;
/** The window columns that carry the count and the impact's sums beside each sample row; removed from the samples. */
const COUNT_COLUMN = '__filas_que_fallan';
const UNITS_COLUMN = '__unidades';
const REVENUE_COLUMN = '__ingresos';

interface Query {
  query: string;
}

export const sqlKind: CheckKind<Query> = {
  kind: 'sql',
  keys: ['query'],
  parse(r) {
    const text = r.string('query');
    if (text === undefined) return undefined;
    if (text.length > MAX_QUERY_CHARS) return r.error('query', `expected a query of at most ${MAX_QUERY_CHARS} characters`);
    const verdict = guardQuery(text);
    if (!verdict.ok) return r.error('query', verdict.message!);
    return { query: verdict.query!.trim() };
  },
  describe: (_p, table) => `a query over ${table} returns no rows`,
  columnsUsed: () => [],
  async run(p, target, ctx) {
    // Checked again here: a spec built by code rather than parsed from a file gets the same refusal.
    const verdict = guardQuery(p.query);
    if (!verdict.ok) throw new Error(`SQL_REFUSED: ${verdict.message}`);
    const failing = sql.raw(verdict.query!);
    return readOnly(ctx.db, async (db) => {
      // One run of the query gives the count (a window over at most MAX_COUNTED_ROWS + 1 rows), the samples
      // and, when its rows have `unidades` and `ingresos`, their sums. Whether they have them is known only by
      // asking: a query without them fails at once (before reading a row) and runs again without the sums.
      const rows = (await withImpact(db, failing, target.sampleSize)) ?? (await countAndSample(db, failing, target.sampleSize, false));
      const counted = rows.length === 0 ? 0 : Number(rows[0]![COUNT_COLUMN]);
      const n = Math.min(counted, MAX_COUNTED_ROWS);
      const samples = rows.map(({ [COUNT_COLUMN]: _n, [UNITS_COLUMN]: _u, [REVENUE_COLUMN]: _i, ...row }) => row);
      const first = rows[0];
      const impact =
        first !== undefined && UNITS_COLUMN in first
          ? { unidades: Number(first[UNITS_COLUMN] ?? 0), ingresos: Math.round(Number(first[REVENUE_COLUMN] ?? 0) * 100) / 100 }
          : null;
      return { passed: n === 0, rowsAffected: n, samples, impact, details: { countTruncated: counted > MAX_COUNTED_ROWS } };
    });
  },
};

type Row = Record<string, unknown>;

function countAndSample(db: Kysely<any>, failing: RawBuilder<unknown>, sampleSize: number, sums: boolean): Promise<Row[]> {
  const impact = sums
    ? sql`, sum(f.unidades) over () as ${sql.id(UNITS_COLUMN)}, sum(f.ingresos) over () as ${sql.id(REVENUE_COLUMN)}`
    : sql``;
  return sql<Row>`
    select f.*, count(*) over () as ${sql.id(COUNT_COLUMN)} ${impact}
    from (select * from (${failing}) as q limit ${MAX_COUNTED_ROWS + 1}) as f
    limit ${sampleSize}`
    .execute(db)
    .then((r) => r.rows);
}

/** The run with the impact's sums; undefined when the query's rows have no `unidades` or `ingresos`. */
async function withImpact(db: Kysely<any>, failing: RawBuilder<unknown>, sampleSize: number): Promise<Row[] | undefined> {
  // On PostgreSQL a failed statement spoils the transaction: the attempt runs inside a savepoint.
  const postgres = engineOf(db) === 'postgres';
  if (postgres) await sql`savepoint impact_columns`.execute(db);
  try {
    const rows = await countAndSample(db, failing, sampleSize, true);
    if (postgres) await sql`release savepoint impact_columns`.execute(db);
    return rows;
  } catch (err) {
    if (!isMissingColumn(err)) throw err;
    if (postgres) await sql`rollback to savepoint impact_columns`.execute(db);
    return undefined;
  }
}

/** SQLite's "no such column" and PostgreSQL's undefined_column (42703). */
const isMissingColumn = (err: unknown) =>
  (err as { code?: string }).code === '42703' || /no such column/i.test(err instanceof Error ? err.message : String(err));
