// Per-request batch loaders: nested fields of a page cost one query per type, whatever the page size.
import DataLoader from 'dataloader';
import type { Kysely, Selectable } from 'kysely';
import type { CargaArchivosTable, CategoriasTable, CiudadesTable, ClientesTable, Database, ProductosTable } from '../db/tables.ts';

/** How a load read one file: what a quarantined row's values are rebuilt with. */
export type FileReading = Pick<Selectable<CargaArchivosTable>, 'carga_id' | 'archivo' | 'delimitador' | 'posiciones' | 'separador_suelto'>;

function byKey<T, K>(rows: T[], key: (row: T) => K, ids: readonly K[]): Array<T | null> {
  const map = new Map(rows.map((r) => [key(r), r]));
  return ids.map((id) => map.get(id) ?? null);
}

export function createLoaders(db: Kysely<Database>) {
  return {
    producto: new DataLoader<number, Selectable<ProductosTable> | null>(async (ids) =>
      byKey(await db.selectFrom('productos').selectAll().where('producto_id', 'in', [...ids]).execute(), (r) => r.producto_id, ids),
    ),
    categoria: new DataLoader<number, Selectable<CategoriasTable> | null>(async (ids) =>
      byKey(await db.selectFrom('categorias').selectAll().where('id', 'in', [...ids]).execute(), (r) => r.id, ids),
    ),
    cliente: new DataLoader<number, Selectable<ClientesTable> | null>(async (ids) =>
      byKey(await db.selectFrom('clientes').selectAll().where('cliente_id', 'in', [...ids]).execute(), (r) => r.cliente_id, ids),
    ),
    ciudad: new DataLoader<number, Selectable<CiudadesTable> | null>(async (ids) =>
      byKey(await db.selectFrom('ciudades').selectAll().where('id', 'in', [...ids]).execute(), (r) => r.id, ids),
    ),
    /** Keyed by `carga_id` and file key (`ventas`), e.g. `7|ventas`. */
    lectura: new DataLoader<string, FileReading | null>(async (keys) => {
      const loads = [...new Set(keys.map((k) => Number(k.split('|')[0])))];
      const rows = await db
        .selectFrom('carga_archivos')
        .select(['carga_id', 'archivo', 'delimitador', 'posiciones', 'separador_suelto'])
        .where('carga_id', 'in', loads)
        .execute();
      return byKey(rows, (r) => `${r.carga_id}|${r.archivo}`, keys);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
