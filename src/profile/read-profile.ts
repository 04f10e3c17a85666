// A load's column profile next to the previous profiled load's, for the faces that show what changed
// (GraphQL `perfil`, the report's profile section). Bounded: one row per profiled column.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { type ColumnProfile, profileFromRow } from './column-profile.ts';
import { PROFILED_COLUMNS } from './columns.ts';

export interface ProfileWithPrevious extends ColumnProfile {
  /** The same column in the previous profiled load; null when there is none (or the column is new). */
  anterior: ColumnProfile | null;
}

export interface LoadProfile {
  cargaId: number;
  cargaAnteriorId: number | null;
  columnas: ProfileWithPrevious[];
}

/** The profiled successful loads, newest first, from `atOrBefore` down (at most `limit`). */
async function profiledLoads(db: Kysely<Database>, atOrBefore: number | undefined, limit: number): Promise<number[]> {
  let query = db
    .selectFrom('cargas')
    .select('id')
    .where('estado', '=', 'ok')
    .where((eb) => eb.exists(eb.selectFrom('perfiles_columna').select('carga_id').whereRef('perfiles_columna.carga_id', '=', 'cargas.id')))
    .orderBy('id', 'desc')
    .limit(limit);
  if (atOrBefore !== undefined) query = query.where('id', '<=', atOrBefore);
  return (await query.execute()).map((r) => Number(r.id));
}

/**
 * The profile of load `loadId` (default: the latest profiled successful load), optionally one table's
 * columns, each with the previous profiled load's figures. Null when that load has no profile.
 */
export async function readLoadProfile(
  db: Kysely<Database>,
  options: { loadId?: number; table?: string } = {},
): Promise<LoadProfile | null> {
  const [current, previous] = await profiledLoads(db, options.loadId, 2);
  if (current === undefined || (options.loadId !== undefined && current !== options.loadId)) return null;
  const ids = previous === undefined ? [current] : [current, previous];
  let query = db.selectFrom('perfiles_columna').selectAll().where('carga_id', 'in', ids);
  if (options.table !== undefined) query = query.where('tabla', '=', options.table);
  const rows = (await query.execute()).map((r) => ({ loadId: Number(r.carga_id), profile: profileFromRow(r) }));
  const key = (p: ColumnProfile) => `${p.tabla}.${p.columna}`;
  const before = new Map(rows.filter((r) => r.loadId === previous).map((r) => [key(r.profile), r.profile]));
  const columnas = rows.filter((r) => r.loadId === current).map((r) => ({ ...r.profile, anterior: before.get(key(r.profile)) ?? null }));
  return { cargaId: current, cargaAnteriorId: previous ?? null, columnas: sortColumns(columnas) };
}

/** In the order the tables and columns are profiled (PROFILED_COLUMNS), not the database's. */
const ORDER = new Map(PROFILED_COLUMNS.map((c, i) => [`${c.table}.${c.column}`, i]));
function sortColumns<T extends ColumnProfile>(xs: T[]): T[] {
  const at = (p: ColumnProfile) => ORDER.get(`${p.tabla}.${p.columna}`) ?? Number.MAX_SAFE_INTEGER;
  return [...xs].sort((a, b) => at(a) - at(b) || `${a.tabla}.${a.columna}`.localeCompare(`${b.tabla}.${b.columna}`));
}
