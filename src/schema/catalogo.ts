// Products and categories.
import type { Selectable } from 'kysely';
import type { CategoriasTable, ProductosTable } from '../db/tables.ts';
import { builder } from './builder.ts';
import { idsByName } from './text-match.ts';

export const Categoria = builder.objectRef<Selectable<CategoriasTable>>('Categoria');
export const Producto = builder.objectRef<Selectable<ProductosTable>>('Producto');

Categoria.implement({
  description: 'A product category (spelling variants merged under the most frequent one)',
  fields: (t) => ({
    id: t.exposeInt('id'),
    nombre: t.exposeString('nombre'),
    productos: t.field({
      type: [Producto],
      resolve: (c, _args, { db }) => db.selectFrom('productos').selectAll().where('categoria_id', '=', c.id).orderBy('producto_id').execute(),
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
    type: [Producto],
    args: { categoria: t.arg.string({ description: 'Category name; case and accents are ignored' }) },
    resolve: async (_root, { categoria }, { db }) => {
      let query = db.selectFrom('productos').selectAll().orderBy('producto_id');
      if (categoria != null) {
        const ids = await idsByName(db, 'categorias', categoria);
        if (ids.length === 0) return [];
        query = query.where('categoria_id', 'in', ids);
      }
      return query.execute();
    },
  }),
  categoria: t.field({
    type: Categoria,
    nullable: true,
    args: { id: t.arg.int({ required: true }) },
    resolve: (_root, { id }, { loaders }) => loaders.categoria.load(id),
  }),
  categorias: t.field({
    type: [Categoria],
    resolve: (_root, _args, { db }) => db.selectFrom('categorias').selectAll().orderBy('id').execute(),
  }),
}));
