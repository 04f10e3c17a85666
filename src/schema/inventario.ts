// Stock rows per date, product and warehouse, filtered and paginated by id.
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database, InventarioTable } from '../db/tables.ts';
import { builder } from './builder.ts';
import { Producto } from './catalogo.ts';
import { connection, decodeCursor, encodeCursor, noCursor, pagedComplexity, pageSize } from './pagination.ts';
import { normalizeKey } from '../text/normalize-text.ts';

export const Existencia = builder.objectRef<Selectable<InventarioTable>>('Existencia').implement({
  description: 'One row of inventario: the stock of a product in a warehouse on a date',
  fields: (t) => ({
    fecha: t.exposeString('fecha'),
    almacen: t.exposeString('almacen'),
    stock: t.exposeInt('stock'),
    linea: t.exposeInt('linea', { description: 'Line of inventario.csv the row was loaded from' }),
    producto: t.field({ type: Producto, resolve: async (r, _args, { loaders }) => (await loaders.producto.load(r.producto_id))! }),
  }),
});

export const FiltroInventario = builder.inputType('FiltroInventario', {
  fields: (t) => ({
    producto_id: t.int(),
    almacen: t.string({ description: 'Warehouse name; case and accents are ignored' }),
    fechaDesde: t.field({ type: 'Fecha', description: 'Inclusive' }),
    fechaHasta: t.field({ type: 'Fecha', description: 'Inclusive' }),
    soloNegativo: t.boolean({ description: 'Only rows with stock < 0' }),
  }),
});

builder.queryField('inventario', (t) =>
  t.field({
    type: connection('Existencia', Existencia),
    complexity: pagedComplexity,
    args: { filter: t.arg({ type: FiltroInventario }), first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (_root, args, { db }) => {
      const limit = pageSize(args.first);
      const f = args.filter ?? {};
      let almacenes: string[] | null = null;
      if (f.almacen != null) {
        const key = normalizeKey(f.almacen);
        const all = await db.selectFrom('inventario').select('almacen').distinct().execute();
        almacenes = all.map((r) => r.almacen).filter((a) => normalizeKey(a) === key);
        if (almacenes.length === 0) return { nodes: [], cursor: noCursor, hasNextPage: false, totalCount: async () => 0 };
      }
      const filtered = (eb: ExpressionBuilder<Database, 'inventario'>) => {
        const c = [];
        if (f.producto_id != null) c.push(eb('producto_id', '=', f.producto_id));
        if (almacenes) c.push(eb('almacen', 'in', almacenes));
        if (f.fechaDesde != null) c.push(eb('fecha', '>=', f.fechaDesde));
        if (f.fechaHasta != null) c.push(eb('fecha', '<=', f.fechaHasta));
        if (f.soloNegativo) c.push(eb('stock', '<', 0));
        return eb.and(c);
      };
      const after = decodeCursor('inventario', args.after, ['number']);
      let query = db.selectFrom('inventario').selectAll().where(filtered).orderBy('id');
      if (after) query = query.where('id', '>', after[0] as number);
      const rows = await query.limit(limit + 1).execute();
      const nodes = rows.slice(0, limit);
      return {
        nodes,
        cursor: (i) => encodeCursor('inventario', [nodes[i]!.id]),
        hasNextPage: rows.length > limit,
        totalCount: async () =>
          Number(
            (
              await db
                .selectFrom('inventario')
                .where(filtered)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
      };
    },
  }),
);
