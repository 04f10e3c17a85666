// invalid: rows whose value of a column is not allowed. Exactly one rule: `values` (the allowed values),
// `pattern` (a regular expression the value must match) or `range` ({min, max}: numbers for a numeric
// column, YYYY-MM-DD dates for a date column). NULLs are not judged here (that is `missing`).
// Patterns: PostgreSQL's `~`; on SQLite the REGEXP function the connection registers (JavaScript's
// RegExp), so a pattern should keep to what both understand (classes, anchors, quantifiers, \d, \w).
import { sql } from 'kysely';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { engineOf } from '../../../db/engine.ts';
import { DATA_TABLES, isNumeric } from '../catalog.ts';
import { rowsWithinSummarizedRange } from '../../checks/column-range.ts';
import { passingFinding, rowFinding } from '../row-finding.ts';
import type { Tolerance } from '../spec-reader.ts';
import type { CheckKind } from './kind.ts';

type Rule =
  | { values: Array<string | number> }
  | { pattern: string }
  | { range: { min: number | string | null; max: number | string | null } };

interface Invalid {
  column: string;
  rule: Rule;
  tolerance: Tolerance;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_VALUES = 1000;

export const invalid: CheckKind<Invalid> = {
  kind: 'invalid',
  keys: ['column', 'values', 'pattern', 'range', 'max_count', 'max_percent'],
  parse(r) {
    const column = r.column('column');
    const tolerance = r.tolerance();
    const rules = ['values', 'pattern', 'range'].filter((k) => r.has(k));
    if (rules.length !== 1)
      return r.error(
        rules[1] ?? 'kind',
        `an invalid check needs exactly one of "values", "pattern" or "range"${rules.length ? `, got ${rules.join(' and ')}` : ''}`,
      );
    if (column === undefined || tolerance === undefined) return undefined;
    const type = DATA_TABLES[r.table]!.columns[column]!;
    let rule: Rule | undefined;
    if (rules[0] === 'values') {
      const node = r.node('values');
      if (!isSeq(node) || node.items.length === 0 || node.items.length > MAX_VALUES)
        return r.error('values', `expected "values" as a list of 1 to ${MAX_VALUES} allowed values`);
      const values: Array<string | number> = [];
      for (const item of node.items as Node[]) {
        const v = isScalar(item) ? item.value : undefined;
        const fits = isNumeric(type) ? typeof v === 'number' : typeof v === 'string';
        if (!fits) {
          r.report.at(
            item,
            `expected ${isNumeric(type) ? 'a number' : 'text'} in "values" (${r.table}.${column} is ${type}), got ${JSON.stringify((item as { toJSON?(): unknown }).toJSON?.() ?? null)}`,
          );
          return undefined;
        }
        values.push(v as string | number);
      }
      rule = { values };
    } else if (rules[0] === 'pattern') {
      const pattern = r.string('pattern');
      if (pattern === undefined) return undefined;
      try {
        new RegExp(pattern);
      } catch (err) {
        return r.error('pattern', `expected a regular expression for "pattern": ${(err as Error).message}`);
      }
      rule = { pattern };
    } else {
      if (!isMap(r.node('range'))) return r.error('range', 'expected "range" as a map with "min", "max" or both');
      if (type === 'text') return r.error('column', `a range needs a numeric or date column; ${r.table}.${column} is text`);
      const range = r.value('range') as Record<string, unknown>;
      const extra = Object.keys(range).filter((k) => k !== 'min' && k !== 'max');
      if (extra.length || (range.min === undefined && range.max === undefined))
        return r.error('range', `bad bound: "range" takes "min", "max" or both${extra.length ? `, not ${extra.join(', ')}` : ''}`);
      const bound = (v: unknown) => (v === undefined || v === null ? null : v);
      const min = bound(range.min);
      const max = bound(range.max);
      for (const v of [min, max]) {
        if (v === null) continue;
        if (
          type === 'date'
            ? typeof v !== 'string' || !ISO_DATE.test(v) || Number.isNaN(Date.parse(v))
            : typeof v !== 'number' || !Number.isFinite(v)
        ) {
          return r.error(
            'range',
            `bad bound: expected ${type === 'date' ? 'dates YYYY-MM-DD' : 'numbers'} in "range" (${r.table}.${column} is ${type}), got ${JSON.stringify(v)}`,
          );
        }
      }
      if (min !== null && max !== null && (min as number | string) > (max as number | string))
        return r.error('range', `bad bound: range max (${max}) is below min (${min})`);
      rule = { range: { min: min as number | string | null, max: max as number | string | null } };
    }
    return { column, rule, tolerance };
  },
  describe(p, table) {
    const col = `${table}.${p.column}`;
    if ('values' in p.rule) return `${col} is one of ${p.rule.values.slice(0, 5).join(', ')}${p.rule.values.length > 5 ? ', …' : ''}`;
    if ('pattern' in p.rule) return `${col} matches /${p.rule.pattern}/`;
    const { min, max } = p.rule.range;
    return `${col} is ${min !== null && max !== null ? `between ${min} and ${max}` : min !== null ? `at least ${min}` : `at most ${max}`}`;
  },
  columnsUsed: (p, table) => [[table, p.column]],
  async run(p, target, ctx) {
    const details = { column: p.column, rule: p.rule };
    // A range over a number the load summarized: no pass when the column's min and max lie inside it.
    if ('range' in p.rule) {
      const rows = await rowsWithinSummarizedRange(ctx, target.table, p.column, p.rule.range.min, p.rule.range.max);
      if (rows !== null) return passingFinding(rows, p.tolerance, details);
    }
    const col = sql.ref(`t.${p.column}`);
    let failing;
    if ('values' in p.rule) failing = sql`(${col} is not null and ${col} not in (${sql.join(p.rule.values)}))`;
    else if ('pattern' in p.rule) {
      failing =
        engineOf(ctx.db) === 'postgres'
          ? sql`(${col} is not null and not (cast(${col} as text) ~ ${p.rule.pattern}))`
          : sql`(${col} is not null and not (${col} regexp ${p.rule.pattern}))`;
    } else {
      const { min, max } = p.rule.range;
      const parts = [min === null ? null : sql`${col} < ${min}`, max === null ? null : sql`${col} > ${max}`].filter((x) => x !== null);
      failing = sql`(${col} is not null and (${sql.join(parts, sql` or `)}))`;
    }
    return rowFinding(ctx, target, failing, p.tolerance, details);
  },
};
