// sql: a SELECT whose rows are the failing rows. Refused unless it is a single read-only SELECT
// (sql-guard.ts), and run read-only (read-only.ts) as a subquery: a count (cut at MAX_COUNTED_ROWS) and
// a LIMIT sample in one run, never every row fetched. When its rows have columns `unidades` and `ingresos`, their sums are
// the check's impact.
import { sql } from 'kysely';
import { readOnly } from '../read-only.ts';
import { guardQuery } from '../sql-guard.ts';
import type { CheckKind } from './kind.ts';

export const MAX_COUNTED_ROWS = 1_000_000;
const MAX_QUERY_CHARS = 20_000;
/** The window column that carries the count beside each sample row; removed from the samples. */
const COUNT_COLUMN = '__filas_que_fallan';

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
      // One run of the query gives the count (a window over at most MAX_COUNTED_ROWS + 1 rows) and the
      // samples; a second only when the rows carry an impact. It used to run once for each (up to three).
      const { rows } = await sql<Record<string, unknown>>`
        select f.*, count(*) over () as ${sql.id(COUNT_COLUMN)}
        from (select * from (${failing}) as q limit ${MAX_COUNTED_ROWS + 1}) as f
        limit ${target.sampleSize}`.execute(db);
      const counted = rows.length === 0 ? 0 : Number(rows[0]![COUNT_COLUMN]);
      const n = Math.min(counted, MAX_COUNTED_ROWS);
      const samples = rows.map(({ [COUNT_COLUMN]: _n, ...row }) => row);
      let impact = null;
      if (samples.length > 0 && 'unidades' in samples[0]! && 'ingresos' in samples[0]!) {
        const { rows: sums } = await sql<{
          u: number;
          i: number;
        }>`select coalesce(sum(f.unidades), 0) as u, coalesce(sum(f.ingresos), 0) as i from (${failing}) as f`.execute(db);
        impact = { unidades: Number(sums[0]!.u), ingresos: Math.round(Number(sums[0]!.i) * 100) / 100 };
      }
      return { passed: n === 0, rowsAffected: n, samples, impact, details: { countTruncated: counted > MAX_COUNTED_ROWS } };
    });
  },
};
