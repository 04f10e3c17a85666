// Products and categories. Every list is a connection: a page of at most 100 rows, nested ones included.
import type { Selectable } from 'kysely';
import type { CategoriasTable, ProductosTable } from '../db/tables.ts';
import { builder } from './builder.ts';
import { dimensionPage } from './dimension-page.ts';
import { connection, emptyPage, idPage, pagedComplexity } from './pagination.ts';
import { idsByName } from './text-match.ts';

export const Categoria = builder.objectRef<Selectable<CategoriasTable>>('Categoria');
export const Producto = builder.objectRef<Selectable<ProductosTable>>('Producto');
const ConexionProductos = connection('Producto', Producto);
const ConexionCategorias = connection('Categoria', Categoria);

Categoria.implement({
  description: 'A product category (spelling variants merged under the most frequent one)',
  fields: (t) => ({
    id: t.exposeInt('id'),
    nombre: t.exposeString('nombre'),
    productos: t.field({
      type: ConexionProductos,
      description: "The category's products by id, a page at a time",
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      complexity: pagedComplexity,
      resolve: (c, args, { db }) => {
        const base = db.selectFrom('productos').where('categoria_id', '=', c.id);
        return idPage(
          'categoria.productos',
          args,
          (after, limit) =>
            (after === null ? base : base.where('producto_id', '>', after)).selectAll().orderBy('producto_id').limit(limit).execute(),
          async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
          (p) => p.producto_id,
        );
      },
    }),
  }),
});

Producto.implement({
  fields: (t) => ({
    producto_id: t.exposeInt('producto_id'),
    nombre: t.exposeString('nombre'),
    precio: t.exposeFloat('precio'),
    linea: t.exposeInt('linea', { description: 'Line of productos.csv the product was loaded from' }),
    categoria: t.field({ type: Categoria, resolve: async (p, _args, { loaders }) => (await loaders.categoria.load(p.categoria_id))! }),
  }),
});

builder.queryFields((t) => ({
  producto: t.field({
    type: Producto,
    nullable: true,
    args: { producto_id: t.arg.int({ required: true }) },
    resolve: (_root, { producto_id }, { loaders }) => loaders.producto.load(producto_id),
  }),
  productos: t.field({
    type: ConexionProductos,
    description: 'Products by id, a page at a time',
    args: {
      categoria: t.arg.string({ description: 'Category name; case and accents are ignored' }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    complexity: pagedComplexity,
    resolve: async (_root, args, { db }) => {
      const ids = args.categoria != null ? await idsByName(db, 'categorias', args.categoria) : null;
      if (ids?.length === 0) return emptyPage();
      const base = ids ? db.selectFrom('productos').where('categoria_id', 'in', ids) : db.selectFrom('productos');
      return idPage(
        'productos',
        args,
        (after, limit) =>
          (after === null ? base : base.where('producto_id', '>', after)).selectAll().orderBy('producto_id').limit(limit).execute(),
        async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
        (p) => p.producto_id,
      );
    },
  }),
  categoria: t.field({
    type: Categoria,
    nullable: true,
    args: { id: t.arg.int({ required: true }) },
    resolve: (_root, { id }, { loaders }) => loaders.categoria.load(id),
  }),
  categorias: t.field({
    type: ConexionCategorias,
    description: 'Categories by id, a page at a time',
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    complexity: pagedComplexity,
    resolve: (_root, args, { db }) => dimensionPage(db, 'categorias', args),
  }),
}));
