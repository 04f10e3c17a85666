// The quarantine of the latest load: every row that was not loaded, with its line, raw text and reason.
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { CuarentenaTable, Database } from '../db/tables.ts';
import { publicMessage } from '../api/public-message.ts';
import { fileKeyOf } from '../data-files.ts';
import { valuesOfQuarantinedRow } from '../jobs/quarantine-values.ts';
import { builder } from './builder.ts';
import { connection, decodeCursor, encodeCursor, pagedComplexity, pageSize } from './pagination.ts';

export const FilaCuarentena = builder.objectRef<Selectable<CuarentenaTable>>('FilaCuarentena').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    carga_id: t.exposeInt('carga_id'),
    archivo: t.exposeString('archivo'),
    linea: t.exposeInt('linea'),
    contenido: t.exposeString('contenido', { description: 'The row as it stands in the file' }),
    razon: t.exposeString('razon', { description: 'Reason code of the data contract' }),
    campo: t.exposeString('campo', { nullable: true }),
    mensaje: t.string({ resolve: (r) => publicMessage(r.mensaje) }),
    valores: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The parsed fields, when every field parsed',
      resolve: async (r, _args, { loaders }) => {
        const file = r.valores === null ? fileKeyOf(r.archivo) : null;
        const reading = file === null ? null : await loaders.lectura.load(`${r.carga_id}|${file}`);
        return valuesOfQuarantinedRow(r, reading);
      },
    }),
  }),
});

builder.queryField('cuarentena', (t) =>
  t.field({
    type: connection('FilaCuarentena', FilaCuarentena),
    complexity: pagedComplexity,
    args: {
      archivo: t.arg.string({ description: 'e.g. ventas.csv' }),
      razon: t.arg.string({ description: 'e.g. duplicate_id' }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, { db }) => {
      const limit = pageSize(args.first);
      const filtered = (eb: ExpressionBuilder<Database, 'cuarentena'>) => {
        const c = [];
        if (args.archivo != null) c.push(eb('archivo', '=', args.archivo));
        if (args.razon != null) c.push(eb('razon', '=', args.razon));
        return eb.and(c);
      };
      const after = decodeCursor('cuarentena', args.after, ['number']);
      let query = db.selectFrom('cuarentena').selectAll().where(filtered).orderBy('id');
      if (after) query = query.where('id', '>', after[0] as number);
      const rows = await query.limit(limit + 1).execute();
      const nodes = rows.slice(0, limit);
      return {
        nodes,
        cursor: (i) => encodeCursor('cuarentena', [nodes[i]!.id]),
        hasNextPage: rows.length > limit,
        totalCount: async () =>
          Number(
            (
              await db
                .selectFrom('cuarentena')
                .where(filtered)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
      };
    },
  }),
);
