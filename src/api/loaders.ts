// Per-request batch loaders: nested fields of a page cost one query per type, whatever the page size; with a
// load cache (src/api/load-cache.ts), rows already read for the latest load cost none.
import DataLoader from 'dataloader';
import type { Kysely, Selectable } from 'kysely';
import type { CargaArchivosTable, CategoriasTable, CiudadesTable, ClientesTable, Database, ProductosTable } from '../db/tables.ts';
import type { CachedTable, LoadCache } from './load-cache.ts';

/** How a load read one file: what a quarantined row's values are rebuilt with. */
export type FileReading = Pick<Selectable<CargaArchivosTable>, 'carga_id' | 'archivo' | 'delimitador' | 'posiciones' | 'separador_suelto'>;

type KeyOf = { productos: 'producto_id'; categorias: 'id'; ciudades: 'id'; clientes: 'cliente_id' };
const KEYS: KeyOf = { productos: 'producto_id', categorias: 'id', ciudades: 'id', clientes: 'cliente_id' };

function loader<T extends CachedTable, R>(db: Kysely<Database>, table: T, cache: LoadCache | undefined) {
  const key = KEYS[table];
  const read = async (ids: number[]) => (await (db.selectFrom(table) as any).selectAll().where(key, 'in', ids).execute()) as R[];
  return new DataLoader<number, R | null>(async (ids) => {
    const rows = cache ? await cache.table<R>(db, table) : null;
    const missing = rows ? ids.filter((id) => rows.get(id) === undefined) : [...ids];
    const found = new Map<number, R>();
    if (missing.length > 0) {
      for (const row of await read(missing)) {
        const id = (row as Record<string, number>)[key]!;
        found.set(id, row);
        rows?.set(id, row);
      }
    }
    return ids.map((id) => rows?.get(id) ?? found.get(id) ?? null);
  });
}

export function createLoaders(db: Kysely<Database>, cache?: LoadCache) {
  return {
    producto: loader<'productos', Selectable<ProductosTable>>(db, 'productos', cache),
    categoria: loader<'categorias', Selectable<CategoriasTable>>(db, 'categorias', cache),
    cliente: loader<'clientes', Selectable<ClientesTable>>(db, 'clientes', cache),
    ciudad: loader<'ciudades', Selectable<CiudadesTable>>(db, 'ciudades', cache),
    /** Keyed by `carga_id` and file key (`ventas`), e.g. `7|ventas`. */
    lectura: new DataLoader<string, FileReading | null>(async (keys) => {
      const loads = [...new Set(keys.map((k) => Number(k.split('|')[0])))];
      const rows = await db
        .selectFrom('carga_archivos')
        .select(['carga_id', 'archivo', 'delimitador', 'posiciones', 'separador_suelto'])
        .where('carga_id', 'in', loads)
        .execute();
      const byFile = new Map(rows.map((r) => [`${r.carga_id}|${r.archivo}`, r]));
      return keys.map((k) => byFile.get(k) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
