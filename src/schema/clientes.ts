// Clients and cities.
import type { Selectable } from 'kysely';
import type { CiudadesTable, ClientesTable } from '../db/tables.ts';
import { builder } from './builder.ts';
import { idsByName } from './text-match.ts';

export const Ciudad = builder.objectRef<Selectable<CiudadesTable>>('Ciudad').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    nombre: t.exposeString('nombre', { description: '`ciudad_desconocida` for sales of clients that are not loaded' }),
  }),
});

export const Cliente = builder.objectRef<Selectable<ClientesTable>>('Cliente').implement({
  fields: (t) => ({
    cliente_id: t.exposeInt('cliente_id'),
    nombre: t.exposeString('nombre'),
    email: t.exposeString('email'),
    fecha_registro: t.exposeString('fecha_registro'),
    linea: t.exposeInt('linea', { description: 'Line of clientes.csv the client was loaded from' }),
    ciudad: t.field({ type: Ciudad, resolve: async (c, _args, { loaders }) => (await loaders.ciudad.load(c.ciudad_id))! }),
  }),
});

builder.queryFields((t) => ({
  cliente: t.field({
    type: Cliente,
    nullable: true,
    args: { cliente_id: t.arg.int({ required: true }) },
    resolve: (_root, { cliente_id }, { loaders }) => loaders.cliente.load(cliente_id),
  }),
  clientes: t.field({
    type: [Cliente],
    args: { ciudad: t.arg.string({ description: 'City name; case and accents are ignored' }) },
    resolve: async (_root, { ciudad }, { db }) => {
      let query = db.selectFrom('clientes').selectAll().orderBy('cliente_id');
      if (ciudad != null) {
        const ids = await idsByName(db, 'ciudades', ciudad);
        if (ids.length === 0) return [];
        query = query.where('ciudad_id', 'in', ids);
      }
      return query.execute();
    },
  }),
  ciudades: t.field({
    type: [Ciudad],
    resolve: (_root, _args, { db }) => db.selectFrom('ciudades').selectAll().orderBy('id').execute(),
  }),
}));
