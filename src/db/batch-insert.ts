// Buffered multi-row INSERTs: the statement text is compiled once by Kysely per batch size and reused.
//
// Columns declared `repeated` (the load id, the file name of a quarantined row) are written into the
// statement as literals instead of being bound once per row: binding a value costs more than SQLite's insert of
// it (a string is converted to UTF-8 on every bind), and these hold one value for thousands of rows in a row.
// A row whose repeated values differ from the buffered rows' flushes them first.
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from './tables.ts';

/** SQLite allows 32766 bound parameters per statement and PostgreSQL 65535; stay well under both. */
const MAX_PARAMETERS = 16_000;

/** A value a repeated column may hold: what a SQL literal can say exactly. */
type Literal = string | number | null;

export interface BatchInserterOptions {
  rowsPerStatement?: number;
  /** Rows this table's rows reference (a client's city): flushed before each of this one's statements. */
  parent?: { flush(): Promise<void> };
  /** Columns written as literals, once per statement (see above): strings, finite numbers or null only. */
  repeated?: readonly string[];
}

export class BatchInserter<T extends keyof Database & string> {
  private readonly rowsPerStatement: number;
  private readonly parent: { flush(): Promise<void> } | undefined;
  /** Per column: true if it is bound per row, false if it is a repeated (literal) column. */
  private readonly bound: boolean[];
  private readonly repeatedAt: number[];
  /** The repeated columns' values of the buffered rows. */
  private literals: Literal[] = [];
  private readonly statements = new Map<string, string>();
  private buffer: unknown[] = [];
  private buffered = 0;
  inserted = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly table: T,
    private readonly columns: readonly string[],
    options: BatchInserterOptions = {},
  ) {
    const repeated = new Set(options.repeated ?? []);
    this.bound = columns.map((c) => !repeated.has(c));
    this.repeatedAt = columns.flatMap((c, i) => (repeated.has(c) ? [i] : []));
    const boundPerRow = Math.max(1, columns.length - this.repeatedAt.length);
    this.rowsPerStatement = Math.max(1, Math.min(options.rowsPerStatement ?? 500, Math.floor(MAX_PARAMETERS / boundPerRow)));
    this.parent = options.parent;
  }

  /**
   * Adds one row, its values in the order of `columns`. Returns a promise only when a statement's worth
   * was buffered and is being written, so callers can skip an await on most rows.
   */
  add(...values: unknown[]): Promise<void> | undefined {
    return this.addFrom(values, 0);
  }

  /** Adds one row whose values stand in `values` from `start`, one per column (rows packed flat). */
  addFrom(values: readonly unknown[], start: number): Promise<void> | undefined {
    if (this.repeatedAt.length === 0) {
      const end = start + this.columns.length;
      for (let i = start; i < end; i++) this.buffer.push(values[i]);
      return ++this.buffered >= this.rowsPerStatement ? this.flush() : undefined;
    }
    if (this.buffered === 0) this.literals = this.literalsOf(values, start);
    else if (!this.sameLiterals(values, start)) return this.switchLiterals(values, start);
    return this.pushBound(values, start);
  }

  private pushBound(values: readonly unknown[], start: number): Promise<void> | undefined {
    const end = start + this.columns.length;
    for (let i = start; i < end; i++) if (this.bound[i - start]) this.buffer.push(values[i]);
    return ++this.buffered >= this.rowsPerStatement ? this.flush() : undefined;
  }

  private sameLiterals(values: readonly unknown[], start: number): boolean {
    for (let k = 0; k < this.repeatedAt.length; k++) if (values[start + this.repeatedAt[k]!] !== this.literals[k]) return false;
    return true;
  }

  private literalsOf(values: readonly unknown[], start: number): Literal[] {
    return this.repeatedAt.map((i) => literalOf(this.columns[i]!, values[start + i]));
  }

  /**
   * The row's repeated values differ from the buffered rows': those are sent first (flush takes the buffer and
   * its statement before it awaits anything), then this row starts the next run, so rows keep their order.
   */
  private switchLiterals(values: readonly unknown[], start: number): Promise<void> {
    const sent = this.flush();
    this.literals = this.literalsOf(values, start);
    const next = this.pushBound(values, start);
    return next ? Promise.all([sent, next]).then(() => undefined) : sent;
  }

  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const params = this.buffer;
    const rows = this.buffered;
    // Taken now: a row added while this statement waits may start a run of other repeated values.
    const text = this.statementFor(rows);
    this.buffer = [];
    this.buffered = 0;
    await this.parent?.flush();
    await this.db.executeQuery(CompiledQuery.raw(text, params));
    this.inserted += rows;
  }

  private statementFor(rows: number): string {
    const key = this.repeatedAt.length === 0 ? String(rows) : `${rows}|${JSON.stringify(this.literals)}`;
    let text = this.statements.get(key);
    if (text === undefined) {
      const literals = new Map(this.repeatedAt.map((i, k) => [this.columns[i]!, this.literals[k]]));
      const row = Object.fromEntries(this.columns.map((c) => [c, literals.has(c) ? sql.lit(literals.get(c)) : null]));
      text = this.db
        .insertInto(this.table)
        .values(Array.from({ length: rows }, () => row) as never)
        .compile().sql;
      // Kept for the load's few distinct files and batch sizes; a table that saw many values starts over.
      if (this.statements.size >= 64) this.statements.clear();
      this.statements.set(key, text);
    }
    return text;
  }
}

function literalOf(column: string, value: unknown): Literal {
  if (value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new TypeError(`column ${column} is written as a literal and cannot hold ${typeof value} ${String(value)}`);
}
