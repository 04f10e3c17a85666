// Validation runs and their check results, as stored in the history.
import type { Selectable } from 'kysely';
import type { ValidacionesTable } from '../db/tables.ts';
import { validationRun } from '../queries/validation-run.ts';
import type { CheckResult } from '../validation/types.ts';
import { publicMessage } from '../api/public-message.ts';
import { builder } from './builder.ts';
import { pagedComplexity, pageSize } from './pagination.ts';

const Impacto = builder.simpleObject('Impacto', {
  description: 'Units and revenue (cantidad * precio_unitario) of the sales a check affects',
  fields: (t) => ({ unidades: t.int(), ingresos: t.float() }),
});

export const ResultadoValidacion = builder.objectRef<CheckResult>('ResultadoValidacion').implement({
  fields: (t) => ({
    codigo: t.exposeString('code'),
    severidad: t.exposeString('severity', { description: 'WARNING, ERROR or CRITICAL' }),
    descripcion: t.exposeString('description'),
    aprobado: t.exposeBoolean('passed'),
    filas_afectadas: t.exposeInt('rowsAffected'),
    muestras: t.field({ type: 'JSON', description: 'Up to 10 affected rows, with their ids or source lines', resolve: (r) => r.samples }),
    impacto: t.field({ type: Impacto, nullable: true, resolve: (r) => r.impact }),
    detalle: t.field({ type: 'JSON', resolve: (r) => r.details }),
    runbook: t.exposeString('runbook', {
      description: 'Path of the runbook page in the repository (config/checks.yml#name for one written in the checks file)',
    }),
    tipo: t.string({
      nullable: true,
      description:
        'The kind of a check declared in config/checks.yml (row_count, missing, duplicate, invalid, reference, freshness, metric, sql; checks_file when the file has errors); null for a built-in check',
      resolve: (r) => {
        const declared = r.details.declared as { kind?: unknown } | undefined;
        return typeof declared?.kind === 'string' ? declared.kind : null;
      },
    }),
    runbook_texto: t.string({
      nullable: true,
      description: 'The Markdown runbook a declared check carries in the checks file',
      resolve: (r) => r.runbookText ?? null,
    }),
    error: t.string({ nullable: true, description: 'Set when the check could not run', resolve: (r) => publicMessage(r.error ?? null) }),
  }),
});

export const Validacion = builder.objectRef<Selectable<ValidacionesTable>>('Validacion').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    carga_id: t.exposeInt('carga_id', { nullable: true }),
    ejecutada_en: t.exposeString('ejecutada_en'),
    fecha_corte: t.exposeString('fecha_corte'),
    estado: t.exposeString('estado', { description: 'OK, REQUIERE ATENCIÓN, ERROR or CRITICAL' }),
    origen: t.exposeString('origen', { description: 'seed, cli or api' }),
    resultados: t.field({
      type: [ResultadoValidacion],
      complexity: { field: 1, multiplier: 20 }, // one row per check: 13 today
      args: { soloFallidos: t.arg.boolean({ defaultValue: false }) },
      resolve: async (v, { soloFallidos }, { db }) => {
        const run = await validationRun(db, v.id);
        return (run?.results ?? []).filter((r) => !soloFallidos || !r.passed);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  validacion: t.field({
    type: Validacion,
    nullable: true,
    description: 'A validation run by id, or the latest run',
    args: { id: t.arg.int() },
    resolve: (_root, { id }, { db }) => {
      const query = db.selectFrom('validaciones').selectAll();
      return (id == null ? query.orderBy('id', 'desc') : query.where('id', '=', id)).executeTakeFirst().then((r) => r ?? null);
    },
  }),
  validaciones: t.field({
    type: [Validacion],
    description: 'The history of runs, newest first',
    args: { first: t.arg.int({ defaultValue: 20, description: 'Runs per page, 1 to 100' }) },
    complexity: pagedComplexity,
    resolve: (_root, { first }, { db }) => db.selectFrom('validaciones').selectAll().orderBy('id', 'desc').limit(pageSize(first)).execute(),
  }),
}));
