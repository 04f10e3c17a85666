// The load history: every attempt, with per-file counts.
import type { Selectable } from 'kysely';
import type { CargaArchivosTable, CargasTable } from '../db/tables.ts';
import { publicMessage } from '../api/public-message.ts';
import { abandonedLoadIds } from '../process/interrupted-runs.ts';
import { builder } from './builder.ts';
import { pagedComplexity, pageSize } from './pagination.ts';

const CargaArchivo = builder.objectRef<Selectable<CargaArchivosTable>>('CargaArchivo').implement({
  fields: (t) => ({
    archivo: t.exposeString('archivo'),
    leidas: t.exposeInt('leidas'),
    cargadas: t.exposeInt('cargadas'),
    en_cuarentena: t.exposeInt('en_cuarentena'),
    razones: t.field({ type: 'JSON', description: 'Reason code -> rows', resolve: (a) => JSON.parse(a.razones) }),
    hallazgos: t.field({ type: 'JSON', description: 'Finding code -> rows', resolve: (a) => JSON.parse(a.hallazgos) }),
    columnas_ignoradas: t.field({ type: ['String'], resolve: (a) => JSON.parse(a.columnas_ignoradas) as string[] }),
    codificacion: t.exposeString('codificacion'),
    delimitador: t.exposeString('delimitador'),
  }),
});

export const Carga = builder.objectRef<Selectable<CargasTable>>('Carga').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    iniciada_en: t.exposeString('iniciada_en'),
    finalizada_en: t.exposeString('finalizada_en', { nullable: true }),
    fecha_corte: t.exposeString('fecha_corte'),
    estado: t.exposeString('estado', {
      description: 'en_curso, ok, error, or interrumpida (its process died or was stopped; nothing of it was kept)',
    }),
    error_codigo: t.exposeString('error_codigo', { nullable: true }),
    error_archivo: t.exposeString('error_archivo', { nullable: true }),
    error_mensaje: t.string({
      nullable: true,
      description: 'Files by base name only; no host, pid or path; quoted file content cut to 200 characters',
      resolve: (c) => publicMessage(c.error_mensaje, { host: c.host }),
    }),
    archivos: t.field({
      type: [CargaArchivo],
      complexity: { field: 1, multiplier: 4 }, // one row per CSV file
      resolve: (c, _args, { db }) => db.selectFrom('carga_archivos').selectAll().where('carga_id', '=', c.id).orderBy('archivo').execute(),
    }),
  }),
});

builder.queryFields((t) => ({
  carga: t.field({
    type: Carga,
    nullable: true,
    args: { id: t.arg.int({ required: true }) },
    resolve: (_root, { id }, { db }) =>
      db
        .selectFrom('cargas')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
        .then((r) => r ?? null),
  }),
  cargas: t.field({
    type: [Carga],
    description: 'Load attempts, newest first; interrupted loads only when asked for (they never count as the latest load)',
    complexity: pagedComplexity,
    args: {
      first: t.arg.int({ defaultValue: 20, description: 'Loads per page, 1 to 100' }),
      incluirInterrumpidas: t.arg.boolean({
        defaultValue: false,
        description: 'Also list loads whose process died or was stopped (estado interrumpida, or en_curso with a dead process)',
      }),
    },
    resolve: async (_root, { first, incluirInterrumpidas }, { db, settings }) => {
      let query = db.selectFrom('cargas').selectAll().orderBy('id', 'desc').limit(pageSize(first));
      if (!incluirInterrumpidas) {
        // A dead load not yet closed (the next load, validation or server start closes it) is hidden too.
        const abandoned = await abandonedLoadIds(db, settings.processCheck);
        query = query.where('estado', '!=', 'interrumpida');
        if (abandoned.length > 0) query = query.where('id', 'not in', abandoned);
      }
      return query.execute();
    },
  }),
}));
