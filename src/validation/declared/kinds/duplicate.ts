// duplicate: rows sharing their values of one or more columns with another row (rows with a NULL in
// those columns are not compared). Rows affected counts every row of a duplicated group; the samples
// are the groups (their values and how many rows share them), lowest values first.
import { sql } from 'kysely';
import type { CheckKind } from './kind.ts';

interface Duplicate {
  columns: string[];
}

export const duplicate: CheckKind<Duplicate> = {
  kind: 'duplicate',
  keys: ['columns', 'column'],
  parse(r) {
    if (r.has('column') && r.has('columns')) return r.error('column', 'give "column" or "columns", not both');
    const columns = r.columns(r.has('column') ? 'column' : 'columns');
    return columns ? { columns } : undefined;
  },
  describe: (p, table) => `no two ${table} rows share ${p.columns.join(' + ')}`,
  columnsUsed: (p, table) => p.columns.map((c) => [table, c]),
  async run(p, target, ctx) {
    const cols = sql.join(p.columns.map((c) => sql.ref(`t.${c}`)));
    const notNull = sql.join(
      p.columns.map((c) => sql`${sql.ref(`t.${c}`)} is not null`),
      sql` and `,
    );
    const groups = sql`select ${cols}, count(*) as filas from ${sql.table(target.table)} as t where ${notNull} group by ${cols} having count(*) > 1`;
    const { rows } = await sql<{
      groups: number;
      n: number;
    }>`select count(*) as groups, coalesce(sum(d.filas), 0) as n from (${groups}) as d`.execute(ctx.db);
    const n = Number(rows[0]!.n);
    const samples =
      n === 0
        ? []
        : (await sql<Record<string, unknown>>`${groups} order by ${cols} limit ${target.sampleSize}`.execute(ctx.db)).rows.map((s) => ({
            ...s,
            filas: Number(s.filas),
          }));
    return { passed: n === 0, rowsAffected: n, samples, impact: null, details: { columns: p.columns, groups: Number(rows[0]!.groups) } };
  },
};
