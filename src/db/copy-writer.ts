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

/** COPY on PostgreSQL, batched INSERTs on SQLite (kept exactly as it was). */
export function bulkWriter<T extends keyof Database & string>(
  trx: Kysely<Database>,
  table: T,
  columns: readonly string[],
  options: BulkWriterOptions = {},
): BulkWriter {
  return engineOf(trx) === 'postgres'
    ? new CopyWriter(trx, options.staging ?? table, columns, FLUSH_BYTES, { freeze: options.staging !== undefined })
    : new BatchInserter(trx, table, columns, { repeated: options.repeated });
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

/** Bytes buffered per flush: large enough that COPY's per-statement cost vanishes, small enough to stay bounded. */
const FLUSH_BYTES = 4 * 1024 * 1024;
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
    options: { freeze?: boolean } = {},
  ) {
    // FREEZE only into a table created in this transaction; PostgreSQL refuses it otherwise.
    const freeze = options.freeze ? ' with (freeze)' : '';
    this.statement = `copy ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) from stdin${freeze}`;
  }

  add(...values: unknown[]): Promise<void> | undefined {
    return this.addFrom(values, 0);
  }

  addFrom(values: readonly unknown[], start: number): Promise<void> | undefined {
    const end = start + this.columns.length;
    for (let i = start; i < end; i++) this.writeField(copyField(values[i]), i === end - 1 ? NEWLINE : TAB);
    this.buffered++;
    return this.bytes >= this.flushBytes ? this.flush() : undefined;
  }

  /** One field and the byte after it; a field longer than a chunk gets a buffer of its own. */
  private writeField(text: string, after: number): void {
    const length = text.length;
    const need = length * 3 + 1;
    if (this.at + need > this.buffer.length) {
      this.sealChunk();
      if (need > this.buffer.length) this.buffer = Buffer.allocUnsafe(Buffer.byteLength(text) + 1);
    }
    const buffer = this.buffer;
    let at = this.at;
    // Short ASCII fields (numbers, dates, codes: nearly all of them) byte by byte, which beats a native
    // call per field; anything else through Buffer's UTF-8 encoder.
    let i = 0;
    if (length <= SHORT_FIELD)
      for (; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        buffer[at + i] = c;
      }
    at += i === length && length <= SHORT_FIELD ? length : buffer.write(text, at);
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
