// row_count: the table's number of rows lies within min and/or max.
import { sql } from 'kysely';
import type { Bounds } from '../spec-reader.ts';
import type { CheckKind } from './kind.ts';

export const rowCount: CheckKind<Bounds> = {
  kind: 'row_count',
  keys: ['min', 'max'],
  parse: (r) => r.bounds({ min: 0, integer: true }),
  describe: (b, table) => `${table} has ${b.min ?? 0}${b.max === null ? ' or more' : ` to ${b.max}`} rows`,
  columnsUsed: () => [],
  async run(b, target, ctx) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(target.table)}`.execute(ctx.db);
    const n = Number(rows[0]!.n);
    const passed = (b.min === null || n >= b.min) && (b.max === null || n <= b.max);
    return { passed, rowsAffected: 0, samples: [], impact: null, details: { rows: n, min: b.min, max: b.max } };
  },
};
