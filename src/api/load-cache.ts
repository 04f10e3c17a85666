// Rows of the small tables a sales page nests (productos, categorias, ciudades, clientes) kept across requests
// for as long as the load they came from is the latest: they change only with a load. Keyed by the latest load id,
// read at most every REVALIDATE_MS (one indexed lookup) and at once after a write through the API; each table
// keeps at most MAX_ROWS rows (cleared when full), so memory stays bounded whatever the size of the load.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';

const REVALIDATE_MS = 250;
const MAX_ROWS = 100_000;

export type CachedTable = 'productos' | 'categorias' | 'ciudades' | 'clientes';

export interface RowMap<T> {
  get(id: number): T | undefined;
  set(id: number, row: T): void;
}

export interface LoadCache {
  /** The rows of `table` cached for the latest load (an empty map right after a load changed). */
  table<T>(db: Kysely<Database>, table: CachedTable): Promise<RowMap<T>>;
  /** Forgets everything (a load or validation just ran through this API, or a peer process said so). */
  invalidate(): void;
}

function boundedMap<T>(): RowMap<T> {
  const rows = new Map<number, T>();
  return {
    get: (id) => rows.get(id),
    set(id, row) {
      if (rows.size >= MAX_ROWS) rows.clear();
      rows.set(id, row);
    },
  };
}

export function loadCache(now: () => number = Date.now): LoadCache {
  let loadId: number | null | undefined;
  let checkedAt = -Infinity;
  let tables = new Map<CachedTable, RowMap<unknown>>();
  let checking: Promise<void> | null = null;
  // Bumped by invalidate(): a check that started before it does not count.
  let generation = 0;

  const revalidate = (db: Kysely<Database>) =>
    (checking ??= (async () => {
      const started = generation;
      try {
        const last = await db
          .selectFrom('cargas')
          .select('id')
          .where('estado', '=', 'ok')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        const id = last?.id ?? null;
        if (started !== generation) return;
        if (id !== loadId) tables = new Map();
        loadId = id;
        checkedAt = now();
      } finally {
        checking = null;
      }
    })());

  return {
    async table<T>(db: Kysely<Database>, table: CachedTable) {
      if (now() - checkedAt >= REVALIDATE_MS) await revalidate(db);
      let rows = tables.get(table);
      if (!rows) tables.set(table, (rows = boundedMap()));
      return rows as RowMap<T>;
    },
    invalidate() {
      generation++;
      checkedAt = -Infinity;
      loadId = undefined;
      tables = new Map();
    },
  };
}
