// missing: rows where a column is NULL (or, in a text column, empty or only spaces), tolerated up to
// max_count rows and/or max_percent of the table.
import { sql } from 'kysely';
import { DATA_TABLES } from '../catalog.ts';
import { rowFinding } from '../row-finding.ts';
import type { Tolerance } from '../spec-reader.ts';
import type { CheckKind } from './kind.ts';

interface Missing {
  column: string;
  tolerance: Tolerance;
}

export const missing: CheckKind<Missing> = {
  kind: 'missing',
  keys: ['column', 'max_count', 'max_percent'],
  parse(r) {
    const column = r.column('column');
    const tolerance = r.tolerance();
    return column && tolerance ? { column, tolerance } : undefined;
  },
  describe: (p, table) =>
    `${table}.${p.column} is missing in ${p.tolerance.maxPercent !== null ? `at most ${p.tolerance.maxPercent}% of rows` : `at most ${p.tolerance.maxCount} rows`}`,
  columnsUsed: (p, table) => [[table, p.column]],
  run(p, target, ctx) {
    const col = sql.ref(`t.${p.column}`);
    const text = DATA_TABLES[target.table]!.columns[p.column] === 'text';
    const failing = text ? sql`(${col} is null or trim(${col}) = '')` : sql`${col} is null`;
    return rowFinding(ctx, target, failing, p.tolerance, { column: p.column });
  },
};
