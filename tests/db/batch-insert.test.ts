// The batched INSERT writer: rows come back exactly as added, in every batch size, and repeated columns
// (written as literals) keep each row's own value across changes of value, quotes included.
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BatchInserter } from '../../src/db/batch-insert.ts';
import type { Database } from '../../src/db/tables.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';

type Row = [number, string | null, number, string];

describe.each(DIALECTS)('BatchInserter on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  async function writeAndRead(db: Kysely<Database>, rows: Row[], options: ConstructorParameters<typeof BatchInserter>[3]) {
    await sql`create table batch_probe (n integer, archivo text, carga integer, t text)`.execute(db);
    const writer = new BatchInserter(db, 'batch_probe' as never, ['n', 'archivo', 'carga', 't'], options);
    for (const row of rows) await writer.add(...row);
    await writer.flush();
    expect(writer.inserted).toBe(rows.length);
    const { rows: back } = await sql<{ n: number; archivo: string | null; carga: number; t: string }>`
      select n, archivo, carga, t from batch_probe order by n`.execute(db);
    return back.map((r) => [Number(r.n), r.archivo, Number(r.carga), r.t]);
  }

  // Runs of one file name, then another, a quote in a name, a null, and back to the first.
  const names = ['ventas.csv', 'ventas.csv', "o'brien.csv", null, 'inventario.csv', 'ventas.csv'];
  const rows: Row[] = Array.from({ length: 1_234 }, (_, i) => [i, names[Math.floor(i / 211)] ?? 'x', i % 3 === 0 ? 7 : 8, `t${i}'`]);

  it('writes every row as added when no column is repeated', async () => {
    const { db } = await newDb();
    expect(await writeAndRead(db, rows, { rowsPerStatement: 100 })).toEqual(rows);
  });

  it('keeps each row its own values in repeated columns, through every change of value', async () => {
    const { db } = await newDb();
    expect(await writeAndRead(db, rows, { rowsPerStatement: 100, repeated: ['archivo', 'carga'] })).toEqual(rows);
  });

  it('keeps the order and values of rows added without waiting, as a file reader adds them', async () => {
    const { db } = await newDb();
    const id = dialect === 'postgres' ? sql`id serial primary key` : sql`id integer primary key`;
    await sql`create table batch_probe (${id}, n integer, archivo text, carga integer, t text)`.execute(db);
    // Like the load: in one transaction (one connection), a chunk's rows added synchronously and the
    // promises settled at its end (read-records.ts).
    await db.transaction().execute(async (trx) => {
      const writer = new BatchInserter(trx, 'batch_probe' as never, ['n', 'archivo', 'carga', 't'], {
        rowsPerStatement: 50,
        repeated: ['archivo', 'carga'],
      });
      const pending: Promise<void>[] = [];
      for (const row of rows) {
        const p = writer.add(...row);
        if (p) pending.push(p);
      }
      await Promise.all(pending);
      await writer.flush();
    });
    const { rows: back } = await sql<{ n: number; archivo: string | null; carga: number; t: string }>`
      select n, archivo, carga, t from batch_probe order by id`.execute(db);
    expect(back.map((r) => [Number(r.n), r.archivo, Number(r.carga), r.t])).toEqual(rows);
  });

  it('takes rows packed flat from an offset, repeated columns included', async () => {
    const { db } = await newDb();
    await sql`create table batch_probe (n integer, archivo text, carga integer, t text)`.execute(db);
    const writer = new BatchInserter(db, 'batch_probe' as never, ['n', 'archivo', 'carga', 't'], { repeated: ['archivo'] });
    const flat = ['skip', 1, 'a.csv', 5, 'uno', 2, 'b.csv', 6, 'dos'];
    await writer.addFrom(flat, 1);
    await writer.addFrom(flat, 5);
    await writer.flush();
    const { rows: back } = await sql<{ archivo: string; t: string }>`select archivo, t from batch_probe order by n`.execute(db);
    expect(back).toEqual([
      { archivo: 'a.csv', t: 'uno' },
      { archivo: 'b.csv', t: 'dos' },
    ]);
  });

  it('refuses a repeated value a literal cannot state exactly', async () => {
    const { db } = await newDb();
    const writer = new BatchInserter(db, 'ventas', ['venta_id', 'carga_id'], { repeated: ['carga_id'] });
    expect(() => writer.add(1, Number.NaN)).toThrow(/carga_id is written as a literal/);
  });
});
