// Bulk rows into PostgreSQL through `COPY table (cols) FROM STDIN` (text format), on the very connection
// and inside the very transaction of the Kysely `trx` that runs the load; bulkWriter() picks it on
// PostgreSQL and the batched-INSERT BatchInserter on SQLite, behind one interface.
//
// Reaching the transaction's pg client: Kysely hides the PoolClient behind its transaction, and a COPY
// must run on that client or it would sit outside the transaction. Every client our pool hands out is
// registered here by its server process id (connect.ts), and the writer asks the transaction once for
// `pg_backend_pid()`. That keeps the load's code and the Kysely setup unchanged (no second Kysely
// instance on a dedicated client, no driver fork), and it fails loudly (never silently outside the
// transaction) when the client is unknown.
//
// Rows are buffered as COPY text and each flush is one complete COPY (a few MB at most): the load
// interleaves other statements (quarantine rows, the unknown city) with a table's rows, and a
// connection in the middle of a COPY cannot run them. Memory stays bounded by FLUSH_BYTES.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { type Kysely, sql } from 'kysely';
import type Pg from 'pg';
import type { CopyStreamQuery } from 'pg-copy-streams';
import { BatchInserter } from './batch-insert.ts';
import { engineOf, quoteIdentifier } from './engine.ts';
import type { Database } from './tables.ts';

/** What a load writes rows through, on either engine. */
export interface BulkWriter {
  /** Adds one row (values in column order); returns a promise only when a flush is under way and must be awaited. */
  add(...values: unknown[]): Promise<void> | undefined;
  /** Adds one row whose values stand in `values` from `start`, one per column (rows packed flat). */
  addFrom(values: readonly unknown[], start: number): Promise<void> | undefined;
  flush(): Promise<void>;
  readonly inserted: number;
}

export interface BulkWriterOptions {
  /**
   * PostgreSQL: the table created in this transaction that the rows go to instead (db/table-swap.ts), written
   * with `COPY ... FREEZE`: its rows are stored already visible to every later transaction.
   */
  staging?: string;
  /** SQLite: columns that hold one value for long runs of rows, written as literals (batch-insert.ts). */
  repeated?: readonly string[];
}

/** COPY on PostgreSQL (binary when every column's type has a binary encoder here), batched INSERTs on SQLite. */
export async function bulkWriter<T extends keyof Database & string>(
  trx: Kysely<Database>,
  table: T,
  columns: readonly string[],
  options: BulkWriterOptions = {},
): Promise<BulkWriter> {
  if (engineOf(trx) !== 'postgres') return new BatchInserter(trx, table, columns, { repeated: options.repeated });
  const target = options.staging ?? table;
  return new CopyWriter(trx, target, columns, FLUSH_BYTES, {
    freeze: options.staging !== undefined,
    types: await columnTypes(trx, target, columns),
  });
}

/** The fixed-width types this writer encodes in binary, by PostgreSQL type name, with their width in bytes. */
const FIXED_WIDTHS = { integer: 4, bigint: 8, smallint: 2, 'double precision': 8, real: 4, boolean: 1 } as const;
/** The binary encodings this writer knows: those fixed-width types, and text. */
export type BinaryType = keyof typeof FIXED_WIDTHS | 'text';
const isBinaryType = (type: string | undefined): type is BinaryType =>
  type === 'text' || (type !== undefined && Object.hasOwn(FIXED_WIDTHS, type));

/**
 * Each column's type, from the catalogue; null when any of them has no binary encoder here (a numeric, a
 * date, a varchar, a domain...): the writer then sends COPY text, which the server parses for any type.
 */
export async function columnTypes(trx: Kysely<Database>, table: string, columns: readonly string[]): Promise<BinaryType[] | null> {
  const { rows } = await sql<{ name: string; type: string }>`
    select a.attname as name, format_type(a.atttypid, null) as type from pg_attribute a
    where a.attrelid = ${quoteIdentifier(table)}::regclass and a.attnum > 0 and not a.attisdropped`.execute(trx);
  const byName = new Map(rows.map((r) => [r.name, r.type]));
  const types = columns.map((c) => byName.get(c));
  return types.every(isBinaryType) ? types : null;
}

// ---- the clients of our pools, by server process id -------------------------------------------------

const clients = new Map<number, Pg.ClientBase[]>();
const registered = new WeakSet<object>();

/** Called by the pool for every client it hands out, so a transaction's client can be found by its pid. */
export function registerPgClient(client: Pg.PoolClient): void {
  if (registered.has(client)) return;
  const pid = (client as unknown as { processID?: number }).processID;
  if (typeof pid !== 'number') return;
  registered.add(client);
  const list = clients.get(pid) ?? [];
  list.push(client);
  clients.set(pid, list);
  client.once('end', () => {
    const left = (clients.get(pid) ?? []).filter((c) => c !== client);
    if (left.length === 0) clients.delete(pid);
    else clients.set(pid, left);
  });
}

export class CopyWriterError extends Error {
  readonly code = 'COPY_CLIENT_UNKNOWN';
  constructor(message: string) {
    super(message);
    this.name = 'CopyWriterError';
  }
}

async function clientOf(trx: Kysely<Database>): Promise<Pg.ClientBase> {
  const { rows } = await sql<{ pid: number; port: string }>`select pg_backend_pid() as pid, current_setting('port') as port`.execute(trx);
  const candidates = clients.get(Number(rows[0]!.pid)) ?? [];
  // Two local clusters may reuse a pid; the port tells them apart (a proxy in between may change it).
  const byPort = candidates.filter((c) => String((c as unknown as { port?: number }).port) === rows[0]!.port);
  const found = byPort.length === 1 ? byPort[0] : candidates.length === 1 ? candidates[0] : undefined;
  if (!found)
    throw new CopyWriterError('cannot find the connection of the load transaction for COPY (was the database opened by openDatabase?)');
  return found;
}

// ---- COPY text format ------------------------------------------------------------------------------

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value as COPY text: `\N` for null, numbers and booleans as PostgreSQL reads them, strings escaped. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : text;
}

/**
 * Writes `text` as UTF-8 into `buffer` at `at` (room already made) and returns its byte length. Short ASCII
 * text (numbers, dates, codes: nearly every field) goes byte by byte, which beats a native call per field;
 * anything else through Buffer's UTF-8 encoder.
 */
function writeUtf8(buffer: Buffer, at: number, text: string): number {
  const length = text.length;
  if (length <= SHORT_FIELD) {
    let i = 0;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      buffer[at + i] = c;
    }
    if (i === length) return length;
  }
  return buffer.write(text, at);
}

/** A number, a bigint or a numeric string as a number; NaN for anything else (blank strings, booleans, objects). */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** A non-string value for a text column, as COPY text would have written it (before escaping). */
function copyText(value: unknown): string {
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** COPY's binary signature, flags (none) and header extension length (none); then the end-of-data marker. */
const BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

export class CopyValueError extends Error {
  readonly code = 'COPY_VALUE';
  constructor(message: string) {
    super(message);
    this.name = 'CopyValueError';
  }
}

/**
 * Bytes buffered per flush: large enough that COPY's per-statement cost vanishes, small enough to stay bounded.
 * Three writers can hold a buffer at once (a large table, the quarantine, and the one being sent): at 4 MB
 * the seed of shape B peaked at 152-155 MB on PostgreSQL, at 1 MB 143-144 MB, and loaded no slower.
 */
const FLUSH_BYTES = 1 * 1024 * 1024;
/** Size of each buffer the rows are written into, and of each write into the COPY stream. */
const CHUNK_BYTES = 64 * 1024;
const TAB = 0x09;
const SHORT_FIELD = 64;
const NEWLINE = 0x0a;

const require = createRequire(import.meta.url);

// Rows are written as bytes into 64 KiB buffers, outside V8's heap. Building each flush as one JavaScript
// string kept 4 MB strings alive across many young-generation collections: on 1M sales the main thread
// spent 3.7 of its 6 s in the garbage collector and grew past 300 MB (BENCHMARKS.md).
export class CopyWriter implements BulkWriter {
  private readonly statement: string;
  private readonly table: string;
  /** Binary format with these column types; null: text format. */
  private readonly types: readonly BinaryType[] | null;
  /** Per column, the width of its fixed-width type (0 for text). */
  private readonly widths: readonly number[];
  private client: Pg.ClientBase | null = null;
  private chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  private bytes = 0;
  private buffered = 0;
  inserted = 0;

  constructor(
    private readonly trx: Kysely<Database>,
    table: string,
    private readonly columns: readonly string[],
    private readonly flushBytes = FLUSH_BYTES,
    options: { freeze?: boolean; types?: readonly BinaryType[] | null } = {},
  ) {
    this.types = options.types ?? null;
    this.widths = (this.types ?? []).map((type) => (type === 'text' ? 0 : FIXED_WIDTHS[type]));
    // FREEZE only into a table created in this transaction; PostgreSQL refuses it otherwise.
    const with_ = [this.types ? 'format binary' : '', options.freeze ? 'freeze' : ''].filter(Boolean).join(', ');
    this.statement = `copy ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) from stdin${with_ ? ` with (${with_})` : ''}`;
    this.table = table;
  }

  add(...values: unknown[]): Promise<void> | undefined {
    return this.addFrom(values, 0);
  }

  addFrom(values: readonly unknown[], start: number): Promise<void> | undefined {
    const end = start + this.columns.length;
    if (this.types) this.writeBinaryRow(values, start);
    else for (let i = start; i < end; i++) this.writeField(copyField(values[i]), i === end - 1 ? NEWLINE : TAB);
    this.buffered++;
    return this.bytes >= this.flushBytes ? this.flush() : undefined;
  }

  /**
   * Room in the current buffer for `fixed` bytes and `text` in UTF-8 (at most 3 bytes per UTF-16 unit); a
   * value larger than a chunk gets a buffer of its own, of its exact size.
   */
  private room(fixed: number, text = ''): Buffer {
    const need = fixed + text.length * 3;
    if (this.at + need > this.buffer.length) {
      this.sealChunk();
      if (need > this.buffer.length) this.buffer = Buffer.allocUnsafe(fixed + Buffer.byteLength(text));
    }
    return this.buffer;
  }

  /**
   * One row in COPY's binary format: the field count, then each value as its length and its bytes (-1 for
   * null). Numbers go as the server stores them, with no text to write here or to parse there.
   */
  private writeBinaryRow(values: readonly unknown[], start: number): void {
    const types = this.types!;
    const n = types.length;
    let buffer = this.room(2);
    buffer.writeInt16BE(n, this.at);
    this.at += 2;
    this.bytes += 2;
    for (let k = 0; k < n; k++) {
      const value = values[start + k];
      if (value === null || value === undefined) {
        buffer = this.room(4);
        buffer.writeInt32BE(-1, this.at);
        this.at += 4;
        this.bytes += 4;
        continue;
      }
      const type = types[k]!;
      if (type === 'text') {
        this.writeBinaryText(typeof value === 'string' ? value : copyText(value));
        continue;
      }
      // The value's width, then the value as the server stores it.
      const width = this.widths[k]!;
      buffer = this.room(4 + width);
      buffer.writeInt32BE(width, this.at);
      const at = this.at + 4;
      switch (type) {
        case 'integer':
          buffer.writeInt32BE(this.integer(value, k, 2 ** 31), at);
          break;
        case 'bigint':
          buffer.writeBigInt64BE(BigInt(this.integer(value, k, 2 ** 63)), at);
          break;
        case 'smallint':
          buffer.writeInt16BE(this.integer(value, k, 2 ** 15), at);
          break;
        case 'double precision':
          buffer.writeDoubleBE(this.number(value, k), at);
          break;
        case 'real':
          buffer.writeFloatBE(this.number(value, k), at);
          break;
        case 'boolean':
          buffer[at] = this.boolean(value, k);
          break;
      }
      this.bytes += 4 + width;
      this.at = at + width;
    }
  }

  /** A text value: its UTF-8 length, then its bytes. */
  private writeBinaryText(text: string): void {
    const buffer = this.room(4, text);
    const bytes = writeUtf8(buffer, this.at + 4, text);
    buffer.writeInt32BE(bytes, this.at);
    this.bytes += 4 + bytes;
    this.at += 4 + bytes;
  }

  /**
   * A whole number within ±`bound`, as the column's integer type takes it. Anything the server would have
   * refused as COPY text is refused here too (a blank string is not 0, true is not 1): the caller's bug.
   */
  private integer(value: unknown, k: number, bound: number): number {
    const n = numberOf(value);
    if (!Number.isInteger(n) || n < -bound || n >= bound)
      throw new CopyValueError(`${this.table}.${this.columns[k]}: ${String(value)} is not a whole number the column's type holds`);
    return n;
  }

  private number(value: unknown, k: number): number {
    const n = numberOf(value);
    if (Number.isNaN(n) && !(typeof value === 'number' || (typeof value === 'string' && /^\s*nan\s*$/i.test(value))))
      throw new CopyValueError(`${this.table}.${this.columns[k]}: ${String(value)} is not a number`);
    return n;
  }

  private boolean(value: unknown, k: number): number {
    if (value === true || value === 't' || value === 1) return 1;
    if (value === false || value === 'f' || value === 0) return 0;
    throw new CopyValueError(`${this.table}.${this.columns[k]}: ${String(value)} is not a boolean`);
  }

  /** One field and the byte after it; a field longer than a chunk gets a buffer of its own. */
  private writeField(text: string, after: number): void {
    const buffer = this.room(1, text);
    let at = this.at;
    at += writeUtf8(buffer, at, text);
    buffer[at++] = after;
    this.bytes += at - this.at;
    this.at = at;
  }

  private sealChunk(): void {
    if (this.at === 0) return;
    this.chunks.push(this.buffer.subarray(0, this.at));
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.at = 0;
  }

  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    this.sealChunk();
    const chunks = this.chunks;
    const rows = this.buffered;
    this.chunks = [];
    this.bytes = 0;
    this.buffered = 0;
    this.client ??= await clientOf(this.trx);
    const { from } = require('pg-copy-streams') as typeof import('pg-copy-streams');
    const stream: CopyStreamQuery = this.client.query(from(this.statement));
    // 'finish' comes once the server has accepted the whole COPY; an 'error' (a bad value, a broken
    // connection) may come at any write, so it is listened for from the start.
    let failed = false;
    const done = new Promise<void>((resolve, reject) => {
      stream.once('finish', resolve);
      stream.once('error', (err) => {
        failed = true;
        reject(err);
      });
    });
    done.catch(() => {});
    if (this.types) {
      chunks.unshift(BINARY_HEADER);
      chunks.push(BINARY_TRAILER);
    }
    for (const chunk of chunks) {
      if (failed) break;
      // Respect backpressure: wait for 'drain' before the next chunk.
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
    }
    if (!failed) stream.end();
    await done;
    this.inserted += rows;
  }
}
