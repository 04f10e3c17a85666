// Checks of the database itself: its structure, and the references between loaded rows.
import { sql } from 'kysely';
import { listForeignKeys, listIndexes } from '../../db/engine.ts';
import { migrationState } from '../../db/migration-files.ts';
import { EXPECTED_FOREIGN_KEYS, EXPECTED_INDEXES, EXPECTED_TABLES } from '../expected-schema.ts';
import type { Check, CheckFinding } from '../types.ts';
import { type SalesTallies, salesTallies } from './sales-scan.ts';

export const databaseStructure: Check = {
  code: 'database_structure',
  severity: 'CRITICAL',
  description: 'Every migration applied; every expected table, column, index and foreign key present',
  async run(ctx): Promise<CheckFinding> {
    const problems: Array<{ kind: string; name: string }> = [];
    const { pending } = await migrationState(ctx.db);
    for (const name of pending) problems.push({ kind: 'pending migration', name });

    const tables = await ctx.db.introspection.getTables({ withInternalKyselyTables: false });
    const columnsOf = new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
    for (const [table, columns] of Object.entries(EXPECTED_TABLES)) {
      const present = columnsOf.get(table);
      if (!present) {
        problems.push({ kind: 'missing table', name: table });
        continue;
      }
      for (const column of columns) if (!present.has(column)) problems.push({ kind: 'missing column', name: `${table}.${column}` });
    }
    const indexes = new Set(await listIndexes(ctx.db));
    for (const index of EXPECTED_INDEXES) if (!indexes.has(index)) problems.push({ kind: 'missing index', name: index });
    const keys = new Set(
      (
        await listForeignKeys(
          ctx.db,
          Object.keys(EXPECTED_TABLES).filter((t) => columnsOf.has(t)),
        )
      ).map((k) => `${k.table}.${k.column} -> ${k.references}`),
    );
    for (const key of EXPECTED_FOREIGN_KEYS) if (!keys.has(key)) problems.push({ kind: 'missing foreign key', name: key });
    return {
      passed: problems.length === 0,
      rowsAffected: problems.length,
      samples: problems.slice(0, ctx.config.sampleSize),
      impact: null,
      details: { problems },
    };
  },
};

/** Loaded rows of `table` whose producto_id has no product: counted per product id on the table's index on
 * producto_id (a few distinct ids), so the rows themselves are not read. */
const rowsOfMissingProducts = (table: 'ventas' | 'inventario') =>
  `select coalesce(sum(g.n), 0) as n from (select producto_id, count(*) as n from ${table} group by producto_id) g
   where not exists (select 1 from productos p where p.producto_id = g.producto_id)`;

/** Each relation as a count of loaded rows whose reference has no row behind it, in the order results list them. */
const RELATIONS: Array<{ name: string; count: string | ((sales: SalesTallies) => number) }> = [
  { name: 'ventas.producto_id -> productos', count: rowsOfMissingProducts('ventas') },
  { name: 'inventario.producto_id -> productos', count: rowsOfMissingProducts('inventario') },
  {
    name: 'productos.categoria_id -> categorias',
    count: 'select count(*) as n from productos p left join categorias c on c.id = p.categoria_id where c.id is null',
  },
  {
    name: 'clientes.ciudad_id -> ciudades',
    count: 'select count(*) as n from clientes c left join ciudades ci on ci.id = c.ciudad_id where ci.id is null',
  },
  // The sales' cities have no index: both rules come from the run's one pass over the sales.
  { name: 'ventas.ciudad_id -> ciudades', count: (sales) => sales.missingCity },
  { name: 'ventas.ciudad_id = clientes.ciudad_id (known clients)', count: (sales) => sales.cityNotClients },
];

export const referentialIntegrity: Check = {
  code: 'referential_integrity',
  severity: 'CRITICAL',
  description: 'No loaded row references a missing product, category or city; sales carry their client’s city',
  async run(ctx): Promise<CheckFinding> {
    const violations: Record<string, number> = {};
    let total = 0;
    for (const relation of RELATIONS) {
      const n =
        typeof relation.count === 'string'
          ? Number((await sql.raw<{ n: number }>(relation.count).execute(ctx.db)).rows[0]?.n ?? 0)
          : relation.count(await salesTallies(ctx));
      violations[relation.name] = n;
      total += n;
    }
    const samples = Object.entries(violations)
      .filter(([, n]) => n > 0)
      .map(([relation, rows]) => ({ relation, rows }));
    return { passed: total === 0, rowsAffected: total, samples, impact: null, details: { violations } };
  },
};
