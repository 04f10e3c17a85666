// Reads the keys of one check from its YAML node, reporting each problem at the node it comes from
// (line and column) and saying what was expected. Kinds parse their own keys through it.
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import { type ColumnType, DATA_TABLES, type TableInfo } from './catalog.ts';
import type { LintError } from './types.ts';

export class Reporter {
  readonly errors: LintError[] = [];
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  /** An error at `node` (its first character); the document's start when there is no node. */
  at(node: Node | null | undefined, message: string): void {
    const { line, col } = this.lines.linePos(node?.range?.[0] ?? 0);
    this.errors.push({ file: this.file, line, column: col, message });
  }

  atOffset(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.errors.push({ file: this.file, line, column: col, message });
  }
}

/** The pair of `map` whose key is `key`. */
export const pairOf = (map: YAMLMap, key: string): Pair | undefined =>
  map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
const listed = (names: readonly string[]) => names.join(', ');

export interface Bounds {
  min: number | null;
  max: number | null;
}

export interface Tolerance {
  /** The check fails above this many affected rows (0 unless the check says). */
  maxCount: number;
  /** And above this share (0..100) of the table's rows, when given. */
  maxPercent: number | null;
}

export class SpecReader {
  constructor(
    readonly report: Reporter,
    readonly map: YAMLMap,
    readonly table: string,
    readonly info: TableInfo,
    readonly kind: string,
  ) {}

  node(key: string): Node | undefined {
    return (pairOf(this.map, key)?.value ?? undefined) as Node | undefined;
  }

  has(key: string): boolean {
    return pairOf(this.map, key) !== undefined;
  }

  /** An error at the key's value (or at the check when the key is absent). */
  error(key: string, message: string): undefined {
    this.report.at(this.node(key) ?? (pairOf(this.map, key)?.key as Node | undefined) ?? this.map, message);
    return undefined;
  }

  value(key: string): unknown {
    const node = this.node(key);
    return node === undefined ? undefined : (node as { toJSON(): unknown }).toJSON();
  }

  string(key: string, required = true): string | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) return required ? this.error(key, `a ${this.kind} check needs "${key}"`) : undefined;
    if (typeof v !== 'string' || v.trim() === '') return this.error(key, `expected text for "${key}", got ${show(v)}`);
    return v;
  }

  number(key: string, options: { required?: boolean; min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const v = this.value(key);
    if (v === undefined || v === null)
      return options.required ? this.error(key, `a ${this.kind} check needs "${key}" (a number)`) : undefined;
    const what = options.integer ? 'a whole number' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.error(key, `bad bound: expected ${what} for "${key}", got ${show(v)}`);
    if (options.integer && !Number.isInteger(v)) return this.error(key, `bad bound: expected ${what} for "${key}", got ${v}`);
    if (options.min !== undefined && v < options.min)
      return this.error(key, `bad bound: "${key}" must be at least ${options.min}, got ${v}`);
    if (options.max !== undefined && v > options.max)
      return this.error(key, `bad bound: "${key}" must be at most ${options.max}, got ${v}`);
    return v;
  }

  /** A column of the check's table (or of `table`), of one of `types` when given. */
  column(key: string, options: { types?: readonly ColumnType[]; required?: boolean; table?: string } = {}): string | undefined {
    const name = this.string(key, options.required ?? true);
    if (name === undefined) return undefined;
    return this.checkColumn(key, name, options.table ?? this.table, options.types);
  }

  checkColumn(key: string, name: string, table: string, types?: readonly ColumnType[], node?: Node): string | undefined {
    const columns = DATA_TABLES[table]!.columns;
    const fail = (message: string) => {
      if (node) this.report.at(node, message);
      else this.error(key, message);
      return undefined;
    };
    if (!(name in columns)) return fail(`unknown column "${name}" in table ${table} (it has: ${listed(Object.keys(columns))})`);
    if (types && !types.includes(columns[name]!)) {
      const fitting = Object.keys(columns).filter((c) => types.includes(columns[c]!));
      return fail(
        `"${key}" must be a ${types.join(' or ')} column; ${table}.${name} is ${columns[name]} (${fitting.length ? `${types.join('/')} columns: ${listed(fitting)}` : 'the table has none'})`,
      );
    }
    return name;
  }

  /** One or more columns: a name or a list of names. */
  columns(key: string): string[] | undefined {
    const node = this.node(key);
    if (node === undefined) return this.error(key, `a ${this.kind} check needs "${key}" (a column or a list of columns)`);
    if (isScalar(node)) {
      const one = this.column(key);
      return one === undefined ? undefined : [one];
    }
    if (!isSeq(node) || node.items.length === 0) return this.error(key, `expected a column or a non-empty list of columns for "${key}"`);
    const out: string[] = [];
    for (const item of node.items as Node[]) {
      const v = isScalar(item) ? item.value : undefined;
      if (typeof v !== 'string') {
        this.report.at(item, `expected a column name in "${key}", got ${show((item as { toJSON?(): unknown }).toJSON?.())}`);
        return undefined;
      }
      if (this.checkColumn(key, v, this.table, undefined, item) === undefined) return undefined;
      out.push(v);
    }
    return out;
  }

  /** `min` and/or `max` (at least one), numbers with min <= max. */
  bounds(options: { min?: number; integer?: boolean } = {}): Bounds | undefined {
    const min = this.number('min', options);
    const max = this.number('max', options);
    if (!this.has('min') && !this.has('max')) return this.error('kind', `bad bound: a ${this.kind} check needs "min", "max" or both`);
    if ((this.has('min') && min === undefined) || (this.has('max') && max === undefined)) return undefined;
    if (min !== undefined && max !== undefined && min > max) return this.error('max', `bad bound: "max" (${max}) is below "min" (${min})`);
    return { min: min ?? null, max: max ?? null };
  }

  /** How many affected rows are tolerated: `max_count` (default 0) and/or `max_percent` (0 to 100). */
  tolerance(): Tolerance | undefined {
    const maxCount = this.number('max_count', { min: 0, integer: true });
    const maxPercent = this.number('max_percent', { min: 0, max: 100 });
    if ((this.has('max_count') && maxCount === undefined) || (this.has('max_percent') && maxPercent === undefined)) return undefined;
    // With only a share given, the count does not limit.
    return { maxCount: maxCount ?? (maxPercent !== undefined ? Number.MAX_SAFE_INTEGER : 0), maxPercent: maxPercent ?? null };
  }

  isMapAt(key: string): boolean {
    return isMap(this.node(key));
  }
}
