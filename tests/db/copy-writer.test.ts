// The PostgreSQL COPY writer: its text escaping survives a real round trip, and a failure inside a
// COPY rolls the whole load back. PostgreSQL only: SQLite keeps BatchInserter (bulkWriter picks it).
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { bulkWriter, columnTypes, copyField, CopyValueError, CopyWriter } from '../../src/db/copy-writer.ts';
import { BatchInserter } from '../../src/db/batch-insert.ts';
import { listIndexes } from '../../src/db/engine.ts';
import type { Database } from '../../src/db/tables.ts';
import { runLoad } from '../../src/etl/load.ts';
import { dataSnapshot, migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';

describe('copyField', () => {
  it('writes null as \\N, numbers as text and escapes backslash, tab, newline and carriage return', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField(12.5)).toBe('12.5');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('\\N')).toBe('\\\\N');
  });
});

describe('bulkWriter', () => {
  it('keeps batched INSERTs on SQLite', async () => {
    const { db } = await migratedDatabases('sqlite')();
    expect(await bulkWriter(db, 'ventas', ['venta_id'])).toBeInstanceOf(BatchInserter);
  });
});

describe.each(DIALECTS.filter((d) => d === 'postgres'))('the COPY writer on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  async function roundTrip(db: Kysely<Database>, values: (string | number | null)[], flushChars?: number) {
    await sql`create table copy_probe (n integer, t text)`.execute(db);
    return db.transaction().execute(async (trx) => {
      const writer = new CopyWriter(trx, 'copy_probe' as never, ['n', 't'], flushChars);
      expect(await bulkWriter(trx, 'ventas', ['venta_id'])).toBeInstanceOf(CopyWriter);
      for (let i = 0; i < values.length; i++) await writer.add(i, values[i]);
      await writer.flush();
      expect(writer.inserted).toBe(values.length);
      const { rows } = await sql<{ n: number; t: string | null }>`select n, t from copy_probe order by n`.execute(trx);
      return rows.map((r) => r.t);
    });
  }

  it('round-trips tabs, newlines, carriage returns, backslashes, nulls, unicode and a 1 MB field', async () => {
    const { db } = await newDb();
    const big = 'x\t\\'.repeat(350_000) + 'ñ';
    const values = [
      'plain',
      'tab\there',
      'line\nbreak',
      'cr\rlf\r\n',
      'back\\slash',
      '\\N',
      null,
      '',
      'ñandú 北京 😀',
      'Electrónica: ASCII first, then not',
      'quote " \' ,;',
      big,
    ];
    expect(await roundTrip(db, values)).toEqual(values);
  });

  it('writes binary COPY for integer, bigint, smallint, double, real, text and boolean columns, nulls included', async () => {
    const { db } = await newDb();
    await sql`create table copy_binary (i integer, b bigint, s smallint, d double precision, r real, t text collate "C", f boolean)`.execute(
      db,
    );
    const rows = [
      [1, 2 ** 40, -3, 12.5, 0.25, 'plain', true],
      [-(2 ** 31), -(2 ** 53 - 1), 2 ** 15 - 1, -0.1, -1.5, 'ñandú 北京 😀 tab\there\nline \\N', false],
      [2 ** 31 - 1, null, null, null, null, null, null],
      [0, 0, 0, Number.MAX_VALUE, 3, 'x'.repeat(200_000) + 'é', true],
    ];
    const read = await db.transaction().execute(async (trx) => {
      const columns = ['i', 'b', 's', 'd', 'r', 't', 'f'];
      const types = await columnTypes(trx, 'copy_binary', columns);
      expect(types).toEqual(['integer', 'bigint', 'smallint', 'double precision', 'real', 'text', 'boolean']);
      const writer = new CopyWriter(trx, 'copy_binary' as never, columns, 100_000, { types });
      for (const row of rows) await writer.add(...row);
      await writer.flush();
      const { rows: back } = await sql<Record<string, unknown>>`select i, b::text as b, s, d, r, t, f from copy_binary order by i`.execute(
        trx,
      );
      return back.map((r) => [r.i, r.b === null ? null : Number(r.b), r.s, r.d, r.r, r.t, r.f]);
    });
    expect(read).toEqual([rows[1], rows[3], rows[0], rows[2]]);
  });

  it('refuses, naming the column, a value its integer column cannot hold; and falls back to text for other types', async () => {
    const { db } = await newDb();
    await sql`create table copy_types (i integer, n numeric)`.execute(db);
    await db.transaction().execute(async (trx) => {
      expect(await columnTypes(trx, 'copy_types', ['i', 'n'])).toBeNull();
      const writer = new CopyWriter(trx, 'copy_types' as never, ['i'], 100_000, { types: ['integer'] });
      expect(() => writer.add(2.5)).toThrow(/copy_types\.i: 2\.5 is not a whole number/);
      expect(() => writer.add(2 ** 31)).toThrow(CopyValueError);
      // What the server would refuse as COPY text is refused, not written as 0 or 1.
      expect(() => writer.add('')).toThrow(CopyValueError);
      expect(() => writer.add(true)).toThrow(CopyValueError);
      const flags = new CopyWriter(trx, 'copy_types' as never, ['i'], 100_000, { types: ['boolean'] });
      expect(() => flags.add('yes')).toThrow(/is not a boolean/);
    });
  });

  it('splits a long stream into several COPYs and waits for the stream to drain', async () => {
    const { db } = await newDb();
    const values = Array.from({ length: 5000 }, (_, i) => `row ${i}\t${'y'.repeat(i % 300)}`);
    expect(await roundTrip(db, values, 20_000)).toEqual(values);
  });

  it('rolls the whole load back when the server fails a row in the middle of a COPY, leaving the previous load intact', async () => {
    const { db } = await newDb();
    await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    const before = await dataSnapshot(db);
    const { max } = await db
      .selectFrom('ventas')
      .select((eb) => eb.fn.max('venta_id').as('max'))
      .executeTakeFirstOrThrow();
    // A trigger makes the server refuse one sale half-way through the file: a failure inside the COPY itself.
    // ALWAYS: it fires even while the load has triggers off (session_replication_role, as a superuser).
    await sql
      .raw(
        `create function refuse_sale() returns trigger language plpgsql as $$ begin
           if new.venta_id = ${Math.floor(Number(max) / 2)} then raise exception 'sale refused by the server'; end if;
           return new; end $$;
         create trigger refuse_sale before insert on ventas for each row execute function refuse_sale();
         alter table ventas enable always trigger refuse_sale;`,
      )
      .execute(db);
    const result = await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'load_failed' } });
    expect(result.status === 'failed' && result.error.message).toContain('sale refused by the server');
    await sql`drop trigger refuse_sale on ventas`.execute(db);
    expect(await dataSnapshot(db)).toEqual(before);
    expect(await listIndexes(db)).toContain('ventas.ventas_fecha_idx');
  });
});
