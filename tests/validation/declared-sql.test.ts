// Declared SQL runs on a read-only connection: a write that got past the guard still fails, on both
// engines, and the connection is writable again afterwards for the run's own bookkeeping.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VALIDATION_CONFIG } from '../../src/validation/config.ts';
import { declaredCheck } from '../../src/validation/declared/declared-check.ts';
import { readOnly } from '../../src/validation/declared/read-only.ts';
import { runValidation } from '../../src/validation/run-validation.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { NOW, plantedLoad } from '../helpers/declared-checks.ts';
import { DIALECTS } from '../helpers/dialects.ts';

describe.each(DIALECTS)('declared SQL on %s', (dialect) => {
  const fresh = migratedDatabases(dialect);

  it('refuses writes on the read-only connection, then lets the run write its history', async () => {
    const { db } = await fresh();
    await plantedLoad(db);
    await expect(readOnly(db, (conn) => sql`delete from inventario`.execute(conn))).rejects.toThrow(/read.?only/i);
    await expect(
      readOnly(db, (conn) => sql`insert into categorias (id, nombre, carga_id) values (9, 'x', 1)`.execute(conn)),
    ).rejects.toThrow(/read.?only/i);
    if (dialect === 'postgres') {
      await expect(
        readOnly(db, (conn) => sql`with d as (delete from ventas returning *) select count(*) from d`.execute(conn)),
      ).rejects.toThrow(/read-only transaction/);
      await expect(readOnly(db, (conn) => sql`select pg_sleep(5)`.execute(conn), 50)).rejects.toThrow(/statement timeout/);
    }
    const { n } = await db
      .selectFrom('ventas')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(20);
    // Writable again outside readOnly.
    await db.insertInto('categorias').values({ id: 8, nombre: 'Otra', carga_id: 1 }).execute();
  });

  it('refuses at run time a query that is not a single SELECT, even one built without the parser', async () => {
    const { db } = await fresh();
    await plantedLoad(db);
    const spec = {
      name: 'escribe',
      table: 'ventas',
      kind: 'sql',
      severity: 'ERROR' as const,
      description: 'x',
      runbook: null,
      sampleSize: null,
      params: { query: 'delete from ventas' },
    };
    const run = await runValidation(db, {
      origin: 'test',
      clock: () => NOW,
      config: DEFAULT_VALIDATION_CONFIG,
      checks: [declaredCheck(spec, 'checks.yml')],
    });
    expect(run.results[0]).toMatchObject({ code: 'escribe', passed: false, error: expect.stringContaining('SQL_REFUSED') });
    const { n } = await db
      .selectFrom('ventas')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(20);
  });
});
