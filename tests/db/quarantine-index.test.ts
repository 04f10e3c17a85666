// The quarantine is paged by file and reason in id order (the API, the report, the validation's samples): its
// index (archivo, razon, id; migration 0016; on SQLite (archivo, razon) and the rowid that ends every entry,
// migration 0017) hands SQLite those pages in order, an index range instead of a sort of every matching row. PostgreSQL picks between that index and the primary key by its statistics;
// either gives the order without a sort.
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BatchInserter } from '../../src/db/batch-insert.ts';
import type { Database } from '../../src/db/tables.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { type Dialect, DIALECTS } from '../helpers/dialects.ts';

const PAGE = `select id, linea from cuarentena where archivo = 'inventario.csv' and razon = 'duplicate_id' and id > 100 order by id limit 21`;

async function quarantineOf(db: Kysely<Database>, dialect: Dialect, rows: number): Promise<void> {
  const { id } = await db
    .insertInto('cargas')
    .values({ iniciada_en: 'x', finalizada_en: 'x', fecha_corte: '2024-12-31', estado: 'ok', directorio: 'data' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const out = new BatchInserter(db, 'cuarentena', ['carga_id', 'archivo', 'linea', 'contenido', 'razon', 'campo', 'mensaje']);
  for (let i = 0; i < rows; i++) {
    const file = i < rows / 2 ? 'ventas.csv' : 'inventario.csv';
    await out.add(id, file, i + 2, `line ${i}`, i % 10 === 0 ? 'invalid_date' : 'duplicate_id', null, 'm');
  }
  await out.flush();
  // As after a load: PostgreSQL's load analyzes the tables it writes; SQLite keeps no statistics.
  if (dialect === 'postgres') await sql`analyze cuarentena`.execute(db);
}

describe.each(DIALECTS)('the quarantine index on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it('pages one file and reason in id order without sorting the matching rows (SQLite: from the index)', async () => {
    const { db } = await newDb();
    await quarantineOf(db, dialect, 20_000);
    if (dialect === 'sqlite') {
      const plan = JSON.stringify((await sql.raw(`explain query plan ${PAGE}`).execute(db)).rows);
      expect(plan).toContain('cuarentena_archivo_razon_idx');
      expect(plan).not.toContain('TEMP B-TREE');
    } else {
      const plan = JSON.stringify((await sql.raw(`explain (format json) ${PAGE}`).execute(db)).rows);
      expect(plan).toMatch(/"Index Name":"(cuarentena_archivo_razon_idx|cuarentena_pkey)"/);
      expect(plan).not.toMatch(/"Node Type":"(Incremental )?Sort"/);
    }
    // The page itself: the first 21 rows of that file and reason past id 100, in line order as well.
    const { rows } = await sql.raw<{ id: number; linea: number }>(PAGE).execute(db);
    expect(rows).toHaveLength(21);
    const lines = rows.map((r) => Number(r.linea));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines[0]).toBe(10_003);
  });
});
