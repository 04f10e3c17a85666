// PostgreSQL builds a load's bulk tables beside the live ones and swaps them in before the commit: the schema
// comes out exactly as the migrations made it, readers keep the previous rows meanwhile, and a failed load
// leaves nothing behind.
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { generateData } from '../../src/datagen/generate.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { retargetIndex, swapBlocker } from '../../src/db/table-swap.ts';
import type { Database } from '../../src/db/tables.ts';
import { runLoad } from '../../src/etl/load.ts';
import { dataSnapshot, migratedDatabases, rowCount } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

describe('retargetIndex', () => {
  it('rewrites the name and table of an index definition, keeping UNIQUE, the method and the columns', () => {
    expect(
      retargetIndex(
        'CREATE UNIQUE INDEX inventario_clave_idx ON public.inventario USING btree (fecha, producto_id, almacen)',
        'x__carga',
        'inventario__carga',
      ),
    ).toBe('CREATE UNIQUE INDEX "x__carga" ON "inventario__carga" USING btree (fecha, producto_id, almacen)');
    expect(
      retargetIndex('CREATE INDEX ventas_fecha_idx ON ONLY public.ventas USING btree (fecha, venta_id) WHERE (cantidad > 0)', 'i', 't'),
    ).toBe('CREATE INDEX "i" ON "t" USING btree (fecha, venta_id) WHERE (cantidad > 0)');
  });

  it('reads quoted names with spaces and quotes, and a quoted schema', () => {
    expect(retargetIndex('CREATE INDEX "por ""fecha"" y id" ON "mi esquema"."ventas" USING btree (fecha)', 'i', 't')).toBe(
      'CREATE INDEX "i" ON "t" USING btree (fecha)',
    );
  });

  it('refuses a definition it does not recognise rather than guess', () => {
    expect(() => retargetIndex('CREATE INDEX CONCURRENTLY x ON t (a)', 'i', 't')).toThrow(/unexpected index definition/);
  });
});

/** Every index and constraint of the bulk tables, as PostgreSQL defines them, their columns' types and collations, and who owns the serial sequences. */
async function bulkSchema(db: Kysely<Database>) {
  const { rows: indexes } = await sql<{ d: string }>`
    select pg_get_indexdef(indexrelid) as d from pg_index where indrelid in ('ventas'::regclass, 'inventario'::regclass, 'cuarentena'::regclass)
    order by 1`.execute(db);
  const { rows: constraints } = await sql<{ d: string }>`
    select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d from pg_constraint
    where conrelid in ('ventas'::regclass, 'inventario'::regclass, 'cuarentena'::regclass) order by 1`.execute(db);
  const { rows: sequences } = await sql<{ d: string | null }>`
    select pg_get_serial_sequence('inventario', 'id') || ' ' || pg_get_serial_sequence('cuarentena', 'id') as d`.execute(db);
  const { rows: staging } = await sql<{ n: string }>`select relname as n from pg_class where strpos(relname, '__carga') > 0`.execute(db);
  const { rows: columns } = await sql<{ d: string }>`
    select table_name || '.' || column_name || ' ' || data_type || coalesce(' collate ' || collation_name, '') as d
    from information_schema.columns where table_schema = 'public' and table_name in ('ventas', 'inventario', 'cuarentena') order by 1`.execute(
    db,
  );
  return {
    columns: columns.map((r) => r.d),
    indexes: indexes.map((r) => r.d),
    constraints: constraints.map((r) => r.d),
    sequences: sequences[0]!.d,
    staging: staging.map((r) => r.n),
  };
}

describe.each(DIALECTS.filter((d) => d === 'postgres'))('bulk tables swapped in by a load on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it('come out with exactly the indexes, keys and sequences the migrations made, load after load', async () => {
    const { db } = await newDb();
    const migrated = await bulkSchema(db);
    expect(migrated.sequences).toBe('public.inventario_id_seq public.cuarentena_id_seq');
    // Migration 0014: the date columns compare bytewise, as SQLite's do.
    expect(migrated.columns).toEqual(expect.arrayContaining(['ventas.fecha text collate C', 'inventario.fecha text collate C']));
    await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    const maxStockId = async () =>
      Number(
        (
          await db
            .selectFrom('inventario')
            .select((eb) => eb.fn.max('id').as('m'))
            .executeTakeFirstOrThrow()
        ).m,
      );
    const firstIds = await maxStockId();
    await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    expect(await bulkSchema(db)).toEqual(migrated);
    // The serial sequences went with the tables: the next load's stock ids go on from the last one.
    expect(await maxStockId()).toBeGreaterThan(firstIds);
  });

  it('leave the small tables with planner statistics of the new rows, not a guess', async () => {
    const { db } = await newDb();
    expect((await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' })).status).toBe('ok');
    const { rows } = await sql<{ relname: string; reltuples: number }>`
      select relname, reltuples from pg_class where relname in ('clientes', 'productos', 'resumen_ventas') and relkind = 'r' order by relname`.execute(
      db,
    );
    for (const r of rows) expect(Number(r.reltuples), r.relname).toBe(await rowCount(db, r.relname as 'clientes'));
    expect(rows).toHaveLength(3);
  });

  it('carry an exclusion constraint added after the migrations, like the keys', async () => {
    const { db } = await newDb();
    await sql`alter table ventas add constraint ventas_una_por_id exclude using btree (venta_id with =)`.execute(db);
    const before = await bulkSchema(db);
    expect(before.constraints.join('\n')).toContain('ventas_una_por_id EXCLUDE USING btree (venta_id WITH =)');
    expect((await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' })).status).toBe('ok');
    expect(await bulkSchema(db)).toEqual(before);
  });

  it('keep serving the previous rows to readers while a load runs, without making them wait', async () => {
    const { db, url } = await newDb();
    await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    const before = await rowCount(db, 'ventas');
    const other = newDir();
    await generateData({ sales: 3_000, seed: 5, out: other });
    const reader = openDatabase(url);
    const seen: number[] = [];
    try {
      const result = await runLoad(db, {
        dataDir: other,
        asOf: '2025-01-01',
        onBatch: async (file) => {
          if (file !== 'inventario' || seen.length > 0) return;
          // A reader that had to wait for the load's locks would fail here after 2 s, not hang the test.
          const count = await reader.transaction().execute(async (trx) => {
            await sql`set local lock_timeout = '2s'`.execute(trx);
            return Number(
              (
                await trx
                  .selectFrom('ventas')
                  .select((eb) => eb.fn.countAll().as('n'))
                  .executeTakeFirstOrThrow()
              ).n,
            );
          });
          seen.push(count);
        },
      });
      expect(result.status).toBe('ok');
      expect(seen).toEqual([before]);
      expect(await rowCount(reader, 'ventas')).toBe(result.status === 'ok' ? result.files.ventas.loaded : -1);
    } finally {
      await reader.destroy();
    }
  });

  it('are read afresh by a connection that prepared its statements against the old ones', async () => {
    const { db, url } = await newDb();
    await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    const api = openDatabase(url, { namedStatements: true });
    try {
      const count = async () =>
        Number(
          (
            await api
              .selectFrom('ventas')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(await rowCount(db, 'ventas'));
      const other = newDir();
      await generateData({ sales: 2_000, seed: 6, out: other });
      const second = await runLoad(db, { dataDir: other, asOf: '2025-01-01' });
      expect(second.status).toBe('ok');
      expect(await count()).toBe(second.status === 'ok' ? second.files.ventas.loaded : -1);
    } finally {
      await api.destroy();
    }
  });

  it('leave nothing behind when a load fails after the staging tables were made', async () => {
    const { db } = await newDb();
    await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    const before = await dataSnapshot(db);
    const schema = await bulkSchema(db);
    const result = await runLoad(db, {
      dataDir: 'data',
      asOf: '2025-01-01',
      onBatch: (file) => {
        if (file === 'inventario') throw new Error('disk unplugged');
      },
    });
    expect(result.status).toBe('failed');
    expect(await dataSnapshot(db)).toEqual(before);
    expect(await bulkSchema(db)).toEqual(schema);
  });

  it('carry the owner and the privileges granted on the old tables', async () => {
    const { db } = await newDb();
    const role = `lector_${process.pid}_${Date.now() % 100000}`;
    await sql.raw(`create role ${role}`).execute(db);
    try {
      await sql.raw(`grant select on ventas to ${role}; grant select, insert on cuarentena to ${role} with grant option`).execute(db);
      const access = async () =>
        (
          await sql<{ d: string }>`
            select c.relname || ' ' || pg_get_userbyid(c.relowner) || ' ' || coalesce(c.relacl::text, '') as d from pg_class c
            where c.relname in ('ventas', 'inventario', 'cuarentena') order by 1`.execute(db)
        ).rows.map((r) => r.d);
      const before = await access();
      expect(before.join('\n')).toContain(role);
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      expect(await access()).toEqual(before);
    } finally {
      await sql.raw(`drop owned by ${role}; drop role ${role}`).execute(db);
    }
  });

  it('leave a table with a trigger of its own in place, trigger and all, and say why', async () => {
    const { db } = await newDb();
    expect(await swapBlocker(db, 'ventas')).toBeNull();
    await sql
      .raw(
        `create table ventas_auditoria (n integer);
         create function audit_sale() returns trigger language plpgsql as $$ begin insert into ventas_auditoria values (1); return new; end $$;
         create trigger audit_sale after insert on ventas for each row execute function audit_sale();
         alter table ventas enable always trigger audit_sale;`,
      )
      .execute(db);
    expect(await swapBlocker(db, 'ventas')).toBe('it has triggers');
    const result = await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
    expect(result.status).toBe('ok');
    // ALWAYS: it fired for every loaded sale, and it is still there for the next load.
    expect(await rowCount(db, 'ventas_auditoria' as never)).toBe(await rowCount(db, 'ventas'));
    const { rows } = await sql<{
      n: string;
    }>`select tgname as n from pg_trigger where tgrelid = 'ventas'::regclass and not tgisinternal`.execute(db);
    expect(rows.map((r) => r.n)).toEqual(['audit_sale']);
    expect((await bulkSchema(db)).staging).toEqual([]);
    // Filled in place, it still gets the column statistics a table built beside gets from ANALYZE.
    const { rows: stats } = await sql<{ n: number }>`select count(*) as n from pg_stats where tablename = 'ventas'`.execute(db);
    expect(Number(stats[0]!.n)).toBeGreaterThan(0);
  });
});
