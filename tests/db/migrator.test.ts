import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateDown, migrateToLatest, migrationState } from '../../src/db/migrator.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
const open: Array<{ destroy(): Promise<void> }> = [];
afterEach(async () => {
  while (open.length) await open.pop()!.destroy();
});

function freshDb() {
  const db = openDatabase(join(newDir(), 'nested', 'empresa.db'));
  open.push(db);
  return db;
}

async function tables(db: ReturnType<typeof openDatabase>): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  return r.rows.map((row) => row.name);
}

describe('migrations', () => {
  it('creates the database file and its folder, and applies every migration with a status each', async () => {
    const db = freshDb();
    const { results, error } = await migrateToLatest(db);
    expect(error).toBeUndefined();
    expect(results).toEqual([
      { migrationName: '0001_schema', direction: 'Up', status: 'Success' },
      { migrationName: '0002_validation', direction: 'Up', status: 'Success' },
    ]);
    expect(await tables(db)).toEqual([
      'carga_archivos', 'cargas', 'categorias', 'ciudades', 'clientes', 'cuarentena', 'inventario', 'migraciones', 'productos',
      'validacion_resultados', 'validaciones', 'ventas',
    ]);
    expect(await migrationState(db)).toEqual({ applied: ['0001_schema', '0002_validation'], pending: [] });
  });

  it('creates the indexes the API queries need', async () => {
    const db = freshDb();
    await migrateToLatest(db);
    const r = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and sql is not null order by name`.execute(db);
    expect(r.rows.map((x) => x.name)).toEqual(
      expect.arrayContaining(['ventas_fecha_idx', 'ventas_producto_idx', 'ventas_cliente_idx', 'inventario_clave_idx']),
    );
  });

  it('reverts migrations one at a time, down to an empty schema, and applies them again', async () => {
    const db = freshDb();
    await migrateToLatest(db);
    const down = await migrateDown(db);
    expect(down.results).toEqual([{ migrationName: '0002_validation', direction: 'Down', status: 'Success' }]);
    expect(await tables(db)).not.toContain('validaciones');
    expect(await migrationState(db)).toEqual({ applied: ['0001_schema'], pending: ['0002_validation'] });
    await migrateDown(db);
    expect(await tables(db)).toEqual(['migraciones']);
    expect(await migrationState(db)).toEqual({ applied: [], pending: ['0001_schema', '0002_validation'] });
    const up = await migrateToLatest(db);
    expect(up.results.map((r) => r.status)).toEqual(['Success', 'Success']);
    expect(await tables(db)).toContain('ventas');
  });

  it('does nothing when the schema is up to date', async () => {
    const db = freshDb();
    await migrateToLatest(db);
    expect((await migrateToLatest(db)).results).toEqual([]);
  });

  it('reports a failing migration with its name and cause, leaving no half-built schema', async () => {
    const db = freshDb();
    await sql`create table ventas (x integer)`.execute(db); // collides with the migration's table
    const { results, error } = await migrateToLatest(db);
    expect(results).toEqual([
      { migrationName: '0001_schema', direction: 'Up', status: 'Error' },
      { migrationName: '0002_validation', direction: 'Up', status: 'NotExecuted' },
    ]);
    expect(error).toMatchObject({ code: 'migration_failed', migrationName: '0001_schema' });
    expect(error!.cause).toBeInstanceOf(Error);
    expect(await tables(db)).toEqual(['migraciones', 'ventas']);
  });
});
