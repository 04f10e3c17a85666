// A declared check as the engine runs it: the same Check shape as the built-in ones. Before its kind
// runs, the tables and columns it names are looked up in the real database (once per run), so a
// database that differs from the expected schema gives a clear "could not run", never a raw SQL error.
import type { Check, CheckContext } from '../types.ts';
import { DATA_TABLES } from './catalog.ts';
import { KINDS } from './kinds/index.ts';
import type { DeclaredCheckSpec } from './types.ts';

const realSchemas = new WeakMap<CheckContext, Promise<Map<string, Set<string>>>>();

function realSchema(ctx: CheckContext): Promise<Map<string, Set<string>>> {
  let schema = realSchemas.get(ctx);
  if (!schema) {
    schema = ctx.db.introspection.getTables().then((tables) => new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))])));
    realSchemas.set(ctx, schema);
  }
  return schema;
}

/** Where a declared check's runbook is: the file it names, else its entry in the checks file (with the
 * Markdown it writes there kept in the result; without one, the report shows docs/runbooks/declared_checks.md). */
export function declaredRunbook(spec: DeclaredCheckSpec, checksFile: string): { runbook: string; runbookText: string | null } {
  if (spec.runbook && 'path' in spec.runbook) return { runbook: spec.runbook.path, runbookText: null };
  return { runbook: `${checksFile}#${spec.name}`, runbookText: spec.runbook ? spec.runbook.text : null };
}

export function declaredCheck(spec: DeclaredCheckSpec, checksFile: string): Check {
  const kind = KINDS.get(spec.kind);
  if (!kind) throw new Error(`unknown kind ${spec.kind}`);
  const { runbook, runbookText } = declaredRunbook(spec, checksFile);
  const meta = { kind: spec.kind, table: spec.table, description: spec.description, runbook, ...(runbookText ? { runbookText } : {}) };
  return {
    code: spec.name,
    severity: spec.severity,
    description: spec.description,
    runbook,
    runbookText,
    async run(ctx) {
      const schema = await realSchema(ctx);
      for (const [table, column] of [[spec.table, null] as [string, string | null], ...kind.columnsUsed(spec.params, spec.table)]) {
        const columns = schema.get(table);
        if (!columns) throw new Error(`table ${table} is not in the database`);
        if (column !== null && !columns.has(column))
          throw new Error(`column ${table}.${column} is not in the database (${table} has: ${[...columns].join(', ')})`);
      }
      const target = {
        name: spec.name,
        table: spec.table,
        info: DATA_TABLES[spec.table]!,
        sampleSize: spec.sampleSize ?? ctx.config.sampleSize,
      };
      const finding = await kind.run(spec.params, target, ctx);
      return { ...finding, details: { declared: meta, ...finding.details } };
    },
  };
}
