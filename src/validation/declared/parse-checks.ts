// Parses the text of a checks file (pure: no file or database access). Every problem is collected with
// its line and column, so one pass reports them all; a file with errors yields no checks to run.
//
//   builtin:                 # optional: switch built-in checks off or change their severity
//     future_dates: { enabled: false }
//     returns: { severity: ERROR }
//   tables:
//     ventas:
//       - name: ventas_no_vacias
//         kind: row_count
//         severity: CRITICAL
//         min: 1
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { SEVERITIES, type Severity } from '../severity.ts';
import { DATA_TABLES } from './catalog.ts';
import { KINDS } from './kinds/index.ts';
import { pairOf, Reporter, SpecReader } from './spec-reader.ts';
import {
  type BuiltinOverride,
  type ChecksFile,
  type DeclaredCheckSpec,
  MAX_DECLARED_CHECKS,
  MAX_RUNBOOK_CHARS,
  MAX_SAMPLE_SIZE,
  type Runbook,
} from './types.ts';

export const COMMON_KEYS = ['name', 'kind', 'severity', 'description', 'runbook', 'sample'] as const;
const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const RUNBOOK_FILE = /^docs\/runbooks\/[a-z0-9_]{1,64}\.md$/;

export interface ParseOptions {
  /** The built-in check codes (overrides must name one, declared names must not). */
  builtinCodes: readonly string[];
  /** Whether a runbook file exists (relative to the working folder); default: assume it does. */
  fileExists?: (path: string) => boolean;
}

export function parseChecks(text: string, file: string, options: ParseOptions): ChecksFile {
  const lines = new LineCounter();
  const report = new Reporter(file, lines);
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const result: ChecksFile = { file, present: true, checks: [], builtins: {}, errors: report.errors };
  for (const e of doc.errors) report.atOffset(e.pos[0], `not valid YAML: ${e.message.split('\n')[0]}`);
  if (doc.errors.length > 0) return result;
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return result; // an empty file: no checks
  if (!isMap(root)) {
    report.at(root as Node, 'expected a map with "tables" (and optionally "builtin") at the top of the file');
    return result;
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? pair.key.value : null;
    if (key !== 'tables' && key !== 'builtin')
      report.at(pair.key as Node, `unknown top-level key ${JSON.stringify(key)} (expected "tables" or "builtin")`);
  }
  parseBuiltins(root.get('builtin', true) as Node | undefined, report, options, result);
  const tables = root.get('tables', true) as Node | undefined;
  if (tables !== undefined && tables !== null && !(isScalar(tables) && tables.value === null)) {
    if (!isMap(tables)) report.at(tables, 'expected "tables" as a map from table name to a list of checks');
    else parseTables(tables, report, options, result);
  }
  if (result.errors.length > 0) result.checks = [];
  result.errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return result;
}

function parseBuiltins(node: Node | undefined, report: Reporter, options: ParseOptions, out: ChecksFile): void {
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return;
  if (!isMap(node)) {
    report.at(node, 'expected "builtin" as a map from a built-in check code to {enabled, severity}');
    return;
  }
  for (const pair of node.items) {
    const code = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!options.builtinCodes.includes(code)) {
      report.at(pair.key as Node, `unknown built-in check "${code}" (built-in checks: ${options.builtinCodes.join(', ')})`);
      continue;
    }
    const value = pair.value as Node | null;
    if (!isMap(value)) {
      report.at(
        value ?? (pair.key as Node),
        `expected {enabled: true|false, severity: ${SEVERITIES.join('|')}} for built-in check "${code}"`,
      );
      continue;
    }
    const override: BuiltinOverride = { enabled: true, severity: null };
    for (const item of value.items) {
      const k = isScalar(item.key) ? item.key.value : null;
      const v = isScalar(item.value) ? item.value.value : undefined;
      if (k === 'enabled') {
        if (typeof v !== 'boolean')
          report.at((item.value ?? item.key) as Node, `expected true or false for "enabled", got ${JSON.stringify(v ?? null)}`);
        else override.enabled = v;
      } else if (k === 'severity') {
        if (!SEVERITIES.includes(v as Severity))
          report.at((item.value ?? item.key) as Node, `unknown severity ${JSON.stringify(v ?? null)} (expected ${SEVERITIES.join(', ')})`);
        else override.severity = v as Severity;
      } else report.at(item.key as Node, `unknown key ${JSON.stringify(k)} for a built-in check (expected "enabled" or "severity")`);
    }
    out.builtins[code] = override;
  }
}

function parseTables(tables: YAMLMap, report: Reporter, options: ParseOptions, out: ChecksFile): void {
  const names = new Set<string>();
  for (const pair of tables.items) {
    const table = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(table in DATA_TABLES)) {
      report.at(pair.key as Node, `unknown table "${table}" (tables: ${Object.keys(DATA_TABLES).join(', ')})`);
      continue;
    }
    const list = pair.value as Node | null;
    if (!isSeq(list)) {
      report.at(list ?? (pair.key as Node), `expected a list of checks under "${table}"`);
      continue;
    }
    for (const item of list.items as Node[]) {
      if (!isMap(item)) {
        report.at(item, "expected a check: a map with name, kind, severity and the kind's keys");
        continue;
      }
      const spec = parseCheck(item, table, report, options, names);
      if (spec) {
        if (out.checks.length >= MAX_DECLARED_CHECKS) {
          report.at(item, `too many checks: a file holds at most ${MAX_DECLARED_CHECKS}`);
          return;
        }
        out.checks.push(spec);
      }
    }
  }
}

function parseCheck(
  map: YAMLMap,
  table: string,
  report: Reporter,
  options: ParseOptions,
  names: Set<string>,
): DeclaredCheckSpec | undefined {
  const before = report.errors.length;
  const kindName = map.get('kind');
  const kind = typeof kindName === 'string' ? KINDS.get(kindName) : undefined;
  const reader = new SpecReader(report, map, table, DATA_TABLES[table]!, kind?.kind ?? String(kindName));

  const name = reader.string('name');
  if (name !== undefined) {
    if (!NAME.test(name))
      reader.error('name', `expected a name of lower-case letters, digits and _ (starting with a letter, at most 64), got "${name}"`);
    else if (options.builtinCodes.includes(name))
      reader.error('name', `"${name}" is a built-in check; name yours differently (or change the built-in under "builtin")`);
    else if (names.has(name)) reader.error('name', `another check is already named "${name}"`);
    else names.add(name);
  }
  if (kindName === undefined || kindName === null) reader.error('kind', `a check needs "kind" (one of ${[...KINDS.keys()].join(', ')})`);
  else if (!kind) reader.error('kind', `unknown kind ${JSON.stringify(kindName)} (expected one of ${[...KINDS.keys()].join(', ')})`);

  const severity = map.get('severity');
  if (severity === undefined) reader.error('severity', `a check needs "severity" (${SEVERITIES.join(', ')})`);
  else if (!SEVERITIES.includes(severity as Severity))
    reader.error('severity', `unknown severity ${JSON.stringify(severity)} (expected ${SEVERITIES.join(', ')})`);
  const description = reader.has('description') ? reader.string('description') : undefined;
  const sampleSize = reader.number('sample', { min: 0, max: MAX_SAMPLE_SIZE, integer: true });
  const runbook = parseRunbook(reader, options);

  const params = kind?.parse(reader);
  if (kind) {
    const allowed = new Set<string>([...COMMON_KEYS, ...kind.keys]);
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.has(k)) report.at(pair.key as Node, `unknown key "${k}" in a ${kind.kind} check (expected ${[...allowed].join(', ')})`);
    }
  }
  if (report.errors.length > before || !kind || params === undefined || name === undefined) return undefined;
  return {
    name,
    table,
    kind: kind.kind,
    severity: severity as Severity,
    description: description ?? kind.describe(params, table),
    runbook: runbook ?? null,
    sampleSize: sampleSize ?? null,
    params,
  };
}

function parseRunbook(reader: SpecReader, options: ParseOptions): Runbook | undefined {
  if (!reader.has('runbook')) return undefined;
  const value = reader.string('runbook');
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^[^\s]+\.md$/.test(trimmed)) {
    if (!RUNBOOK_FILE.test(trimmed)) return reader.error('runbook', `expected a runbook file as docs/runbooks/<name>.md, got "${trimmed}"`);
    if (options.fileExists && !options.fileExists(trimmed)) return reader.error('runbook', `no runbook file "${trimmed}"`);
    return { path: trimmed };
  }
  if (value.length > MAX_RUNBOOK_CHARS)
    return reader.error('runbook', `expected a runbook of at most ${MAX_RUNBOOK_CHARS} characters (or a file under docs/runbooks/)`);
  return { text: value };
}
