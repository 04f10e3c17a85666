// freshness: the newest value of a date column is at most max_age_days before the run's as-of date.
// An empty table (no newest date) fails.
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { sql } from 'kysely';
import type { CheckKind } from './kind.ts';

interface Freshness {
  column: string;
  maxAgeDays: number;
}

export const freshness: CheckKind<Freshness> = {
  kind: 'freshness',
  keys: ['column', 'max_age_days'],
  parse(r) {
    const column = r.column('column', { types: ['date'] });
    const maxAgeDays = r.number('max_age_days', { required: true, min: 0, integer: true });
    return column !== undefined && maxAgeDays !== undefined ? { column, maxAgeDays } : undefined;
  },
  describe: (p, table) => `the newest ${table}.${p.column} is at most ${p.maxAgeDays} days before the as-of date`,
  columnsUsed: (p, table) => [[table, p.column]],
  async run(p, target, ctx) {
    const { rows } = await sql<{
      newest: string | null;
    }>`select max(${sql.ref(p.column)}) as newest from ${sql.table(target.table)}`.execute(ctx.db);
    const newest = rows[0]?.newest ?? null;
    const ageDays =
      newest === null
        ? null
        : differenceInCalendarDays(new Date(`${ctx.asOf}T00:00:00`), new Date(`${String(newest).slice(0, 10)}T00:00:00`));
    const passed = ageDays !== null && ageDays <= p.maxAgeDays;
    return {
      passed,
      rowsAffected: 0,
      samples: passed || newest === null ? [] : [{ [p.column]: newest }],
      impact: null,
      details: { newest, asOf: ctx.asOf, ageDays, maxAgeDays: p.maxAgeDays },
    };
  },
};
