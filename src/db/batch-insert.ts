// Buffered multi-row INSERTs: the statement text is compiled once by Kysely per batch size and reused.
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** SQLite allows 32766 bound parameters per statement and PostgreSQL 65535; stay well under both. */
const MAX_PARAMETERS = 16_000;

export class BatchInserter<T extends keyof Database & string> {
  private readonly rowsPerStatement: number;
  private readonly statements = new Map<number, string>();
  private buffer: unknown[] = [];
  private buffered = 0;
  inserted = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly table: T,
    private readonly columns: readonly string[],
    rowsPerStatement = 500,
    /** Rows this table's rows reference (a client's city): flushed before each of this one's statements. */
    private readonly parent?: { flush(): Promise<void> },
  ) {
    this.rowsPerStatement = Math.max(1, Math.min(rowsPerStatement, Math.floor(MAX_PARAMETERS / columns.length)));
  }

  /**
   * Adds one row, its values in the order of `columns`. Returns a promise only when a statement's worth
   * was buffered and is being written, so callers can skip an await on most rows.
   */
  add(...values: unknown[]): Promise<void> | undefined {
    for (const v of values) this.buffer.push(v);
    return ++this.buffered >= this.rowsPerStatement ? this.flush() : undefined;
  }

  /** Adds one row whose values stand in `values` from `start`, one per column (rows packed flat). */
  addFrom(values: readonly unknown[], start: number): Promise<void> | undefined {
    const end = start + this.columns.length;
    for (let i = start; i < end; i++) this.buffer.push(values[i]);
    return ++this.buffered >= this.rowsPerStatement ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const params = this.buffer;
    const rows = this.buffered;
    this.buffer = [];
    this.buffered = 0;
    await this.parent?.flush();
    await this.db.executeQuery(CompiledQuery.raw(this.statementFor(rows), params));
    this.inserted += rows;
  }

  private statementFor(rows: number): string {
    let text = this.statements.get(rows);
    if (text === undefined) {
      const placeholderRow = Object.fromEntries(this.columns.map((c) => [c, null]));
      text = this.db
        .insertInto(this.table)
        .values(Array.from({ length: rows }, () => placeholderRow) as never)
        .compile().sql;
      this.statements.set(rows, text);
    }
    return text;
  }
}
