import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { foreignKeyViolations, listForeignKeys, maySkipTriggers, setTriggers } from '../../src/db/engine.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { runLoad } from '../../src/etl/load.ts';
import { migratedDatabases, rowCount } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';

describe.each(DIALECTS)('foreign keys around a bulk load, on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it('counts the rows whose reference has no row behind it, key by key', async () => {
    const { db } = await newDb();
    await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    expect((await foreignKeyViolations(db, ['ventas'])).every((k) => k.rows === 0)).toBe(true);
    const orphan = async (trx: typeof db) => {
      const sale = await trx.selectFrom('ventas').selectAll().limit(1).executeTakeFirstOrThrow();
      await trx
        .insertInto('ventas')
        .values({ ...sale, venta_id: 99_999_999, producto_id: 88_888 })
        .execute();
      return foreignKeyViolations(trx, ['ventas']);
    };
    // An orphan slipped in with the checks off: found, then rolled back.
    const found =
      dialect === 'postgres'
        ? await db
            .transaction()
            .execute(async (trx) => {
              await setTriggers(trx, false);
              const v = await orphan(trx);
              throw Object.assign(new Error('rollback'), { v });
            })
            .catch((e: { v: Awaited<ReturnType<typeof orphan>> }) => e.v)
        : await (async () => {
            await sql`pragma foreign_keys = off`.execute(db);
            try {
              return await orphan(db);
            } finally {
              await db.deleteFrom('ventas').where('venta_id', '=', 99_999_999).execute();
              await sql`pragma foreign_keys = on`.execute(db);
            }
          })();
    expect(found.filter((k) => k.rows > 0)).toEqual([
      { table: 'ventas', column: 'producto_id', references: 'productos.producto_id', rows: 1 },
    ]);
  });

  it.runIf(dialect === 'postgres')(
    'loads as a role that is not a superuser (it owns the tables): keys dropped and added back, none to cargas',
    async () => {
      const admin = process.env.TEST_POSTGRES_URL!;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      const name = `t_owner_${process.pid}`;
      try {
        await client.query(
          `do $$ begin if not exists (select from pg_roles where rolname = 'etl_owner') then create role etl_owner login; end if; end $$`,
        );
        await client.query(`create database ${name} owner etl_owner`);
      } finally {
        await client.end();
      }
      const url = new URL(admin);
      url.username = 'etl_owner';
      url.pathname = `/${name}`;
      const db = openDatabase(url.toString());
      try {
        const { error } = await migrateToLatest(db);
        expect(error).toBeUndefined();
        expect(await maySkipTriggers(db)).toBe(false);
        const keys = async () =>
          (await listForeignKeys(db, ['ventas', 'inventario', 'cuarentena'])).map((k) => `${k.table}.${k.column}`).sort();
        const before = await keys();
        const result = await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
        expect(result.status).toBe('ok');
        expect(await keys()).toEqual(before);
        expect(await rowCount(db, 'ventas')).toBeGreaterThan(5000);
      } finally {
        await db.destroy();
        const drop = new pg.Client({ connectionString: admin });
        await drop.connect();
        await drop.query(`drop database if exists ${name} with (force)`);
        await drop.end();
      }
    },
    120_000,
  );
});
