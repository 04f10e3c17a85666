import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { listIndexes } from '../../src/db/engine.ts';
import { migrateDown, migrateToLatest, migrationState } from '../../src/db/migrator.ts';
import { listMigrations } from '../../src/db/migration-files.ts';
import { EXPECTED_TABLES } from '../../src/validation/expected-schema.ts';
import { type Dialect, DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const ALL = listMigrations().map((m) => m.name);

const newDir = tempDirs();
const open: Array<{ destroy(): Promise<void> }> = [];
afterEach(async () => {
  while (open.length) await open.pop()!.destroy();
});

let dialect: Dialect = 'sqlite';
async function freshDb() {
  // SQLite: in a folder that does not exist yet, which opening must create.
  const db = openDatabase(dialect === 'sqlite' ? join(newDir(), 'nested', 'empresa.db') : await freshDatabaseUrl(dialect, newDir()));
  open.push(db);
  return db;
}

async function tables(db: ReturnType<typeof openDatabase>): Promise<string[]> {
  return (await db.introspection.getTables()).map((t) => t.name).sort();
}

describe.each(DIALECTS)('migrations on %s', (d) => {
  beforeAll(() => {
    dialect = d;
  });

  it('are found in the migrations folder in version order', () => {
    expect(ALL.slice(0, 6)).toEqual(['0001_schema', '0002_validation', '0003_resumen', '0004_envios', '0005_monitor', '0006_alertas']);
  });

  it('creates the database file and its folder, and applies every migration with a status each', async () => {
    const db = await freshDb();
    const { results, error } = await migrateToLatest(db);
    expect(error).toBeUndefined();
    expect(results).toEqual(ALL.map((migrationName) => ({ migrationName, direction: 'Up', status: 'Success' })));
    expect(await tables(db)).toEqual([...Object.keys(EXPECTED_TABLES)].sort());
    expect(await migrationState(db)).toEqual({ applied: ALL, pending: [] });
  });

  it('creates the indexes the API queries need', async () => {
    const db = await freshDb();
    await migrateToLatest(db);
    expect(await listIndexes(db)).toEqual(
      expect.arrayContaining([
        'ventas.ventas_fecha_idx',
        'ventas.ventas_producto_idx',
        'ventas.ventas_cliente_idx',
        'inventario.inventario_clave_idx',
      ]),
    );
  });

  it('reverts migrations one at a time, down to an empty schema, and applies them again', async () => {
    const db = await freshDb();
    await migrateToLatest(db);
    const down = await migrateDown(db);
    expect(down.results).toEqual([{ migrationName: ALL.at(-1), direction: 'Down', status: 'Success' }]);
    expect(await migrationState(db)).toEqual({ applied: ALL.slice(0, -1), pending: ALL.slice(-1) });
    for (let i = 1; i < ALL.length; i++) await migrateDown(db);
    expect(await tables(db)).toEqual(['migraciones']);
    expect(await migrationState(db)).toEqual({ applied: [], pending: ALL });
    const up = await migrateToLatest(db);
    expect(up.results.map((r) => r.status)).toEqual(ALL.map(() => 'Success'));
    expect(await tables(db)).toEqual([...Object.keys(EXPECTED_TABLES)].sort());
  });

  it('does nothing when the schema is up to date', async () => {
    const db = await freshDb();
    await migrateToLatest(db);
    expect((await migrateToLatest(db)).results).toEqual([]);
  });

  it('reports a failing migration with its name and cause, leaving no half-built schema', async () => {
    const db = await freshDb();
    await sql`create table ventas (x integer)`.execute(db); // collides with the migration's table
    const { results, error } = await migrateToLatest(db);
    expect(results).toEqual(ALL.map((migrationName, i) => ({ migrationName, direction: 'Up', status: i === 0 ? 'Error' : 'NotExecuted' })));
    expect(error).toMatchObject({ code: 'migration_failed', migrationName: '0001_schema' });
    expect(error!.cause).toBeInstanceOf(Error);
    expect(await tables(db)).toEqual(['migraciones', 'ventas']);
  });

  it('0008 closes a load left in progress by an earlier version as interrumpida, and leaves finished ones alone', async () => {
    const db = await freshDb();
    await migrateToLatest(db);
    while (!(await migrationState(db)).pending.includes('0008_cargas_ejecutor')) await migrateDown(db);
    const row = { iniciada_en: '2025-01-01T08:00:00.000Z', fecha_corte: '2025-01-01', directorio: 'data' };
    await sql`insert into cargas (iniciada_en, fecha_corte, directorio, estado) values (${row.iniciada_en}, ${row.fecha_corte}, ${row.directorio}, 'en_curso'), (${row.iniciada_en}, ${row.fecha_corte}, ${row.directorio}, 'ok')`.execute(
      db,
    );
    await migrateToLatest(db);
    const loads = await db
      .selectFrom('cargas')
      .select(['estado', 'finalizada_en', 'error_codigo', 'host', 'pid', 'caida_permitida'])
      .orderBy('id')
      .execute();
    expect(loads).toEqual([
      { estado: 'interrumpida', finalizada_en: row.iniciada_en, error_codigo: 'interrupted', host: null, pid: null, caida_permitida: 0 },
      { estado: 'ok', finalizada_en: null, error_codigo: null, host: null, pid: null, caida_permitida: 0 },
    ]);
  });
});
