// Checks of the database itself: its structure, and the references between loaded rows.
import { sql } from 'kysely';
import { listForeignKeys, listIndexes } from '../../db/engine.ts';
import { migrationState } from '../../db/migration-files.ts';
import { EXPECTED_FOREIGN_KEYS, EXPECTED_INDEXES, EXPECTED_TABLES } from '../expected-schema.ts';
import type { Check, CheckFinding } from '../types.ts';

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
      (await listForeignKeys(ctx.db, Object.keys(EXPECTED_TABLES).filter((t) => columnsOf.has(t)))).map((k) => `${k.table}.${k.column} -> ${k.references}`),
    );
    for (const key of EXPECTED_FOREIGN_KEYS) if (!keys.has(key)) problems.push({ kind: 'missing foreign key', name: key });
    return { passed: problems.length === 0, rowsAffected: problems.length, samples: problems.slice(0, ctx.config.sampleSize), impact: null, details: { problems } };
  },
};

/** Each relation as a query counting loaded rows whose reference has no row behind it. */
const RELATIONS: Array<{ name: string; count: string }> = [
  { name: 'ventas.producto_id -> productos', count: 'select count(*) as n from ventas v left join productos p on p.producto_id = v.producto_id where p.producto_id is null' },
  { name: 'inventario.producto_id -> productos', count: 'select count(*) as n from inventario i left join productos p on p.producto_id = i.producto_id where p.producto_id is null' },
  { name: 'productos.categoria_id -> categorias', count: 'select count(*) as n from productos p left join categorias c on c.id = p.categoria_id where c.id is null' },
  { name: 'clientes.ciudad_id -> ciudades', count: 'select count(*) as n from clientes c left join ciudades ci on ci.id = c.ciudad_id where ci.id is null' },
  { name: 'ventas.ciudad_id -> ciudades', count: 'select count(*) as n from ventas v left join ciudades ci on ci.id = v.ciudad_id where ci.id is null' },
  {
    name: 'ventas.ciudad_id = clientes.ciudad_id (known clients)',
    count: 'select count(*) as n from ventas v join clientes c on c.cliente_id = v.cliente_id where v.ciudad_id <> c.ciudad_id',
  },
];

export const referentialIntegrity: Check = {
  code: 'referential_integrity',
  severity: 'CRITICAL',
  description: 'No loaded row references a missing product, category or city; sales carry their client’s city',
  async run(ctx): Promise<CheckFinding> {
    const violations: Record<string, number> = {};
    let total = 0;
    for (const relation of RELATIONS) {
      const { rows } = await sql.raw<{ n: number }>(relation.count).execute(ctx.db);
      const n = Number(rows[0]?.n ?? 0);
      violations[relation.name] = n;
      total += n;
    }
    const samples = Object.entries(violations)
      .filter(([, n]) => n > 0)
      .map(([relation, rows]) => ({ relation, rows }));
    return { passed: total === 0, rowsAffected: total, samples, impact: null, details: { violations } };
  },
};
