// Clients and cities. A client's name and e-mail are personal data: served only to a request that
// carries a read or admin token, even when reading is otherwise open. They are nullable so that a
// refused field is null in an otherwise whole answer, not a sale whose client looks unknown.
import type { Selectable } from 'kysely';
import type { ApiContext } from '../api/context.ts';
import { apiError } from '../api/errors.ts';
import type { CiudadesTable, ClientesTable } from '../db/tables.ts';
import { builder } from './builder.ts';
import { dimensionPage } from './dimension-page.ts';
import { connection, emptyPage, idPage, pagedComplexity } from './pagination.ts';
import { idsByName } from './text-match.ts';

export const Ciudad = builder.objectRef<Selectable<CiudadesTable>>('Ciudad').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    nombre: t.exposeString('nombre', { description: '`ciudad_desconocida` for sales of clients that are not loaded' }),
  }),
});

function personal(ctx: ApiContext, field: string): void {
  if (ctx.canRead) return;
  if (!ctx.settings.readToken && !ctx.settings.apiToken) {
    throw apiError(
      'FORBIDDEN',
      `clientes.${field} is personal data and this server has no API_READ_TOKEN or API_TOKEN configured to serve it`,
    );
  }
  throw apiError('UNAUTHENTICATED', `clientes.${field} is personal data: send Authorization: Bearer <API_READ_TOKEN or API_TOKEN>`);
}

export const Cliente = builder.objectRef<Selectable<ClientesTable>>('Cliente').implement({
  fields: (t) => ({
    cliente_id: t.exposeInt('cliente_id'),
    nombre: t.string({
      nullable: true,
      description: 'Personal data: null, with an UNAUTHENTICATED error, unless the request carries a read or admin token',
      resolve: (c, _args, ctx) => {
        personal(ctx, 'nombre');
        return c.nombre;
      },
    }),
    email: t.string({
      nullable: true,
      description: 'Personal data: null, with an UNAUTHENTICATED error, unless the request carries a read or admin token',
      resolve: (c, _args, ctx) => {
        personal(ctx, 'email');
        return c.email;
      },
    }),
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
    type: connection('Cliente', Cliente),
    description: 'Clients by id, a page at a time',
    args: {
      ciudad: t.arg.string({ description: 'City name; case and accents are ignored' }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    complexity: pagedComplexity,
    resolve: async (_root, args, { db }) => {
      const ids = args.ciudad != null ? await idsByName(db, 'ciudades', args.ciudad) : null;
      if (ids?.length === 0) return emptyPage();
      const base = ids ? db.selectFrom('clientes').where('ciudad_id', 'in', ids) : db.selectFrom('clientes');
      return idPage(
        'clientes',
        args,
        (after, limit) =>
          (after === null ? base : base.where('cliente_id', '>', after)).selectAll().orderBy('cliente_id').limit(limit).execute(),
        async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
        (c) => c.cliente_id,
      );
    },
  }),
  ciudades: t.field({
    type: connection('Ciudad', Ciudad),
    description: 'Cities by id, a page at a time',
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    complexity: pagedComplexity,
    resolve: (_root, args, { db }) => dimensionPage(db, 'ciudades', args),
  }),
}));
