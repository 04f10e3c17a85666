// The monitor's run history (validar y enviar).
import type { Selectable } from 'kysely';
import type { MonitorEjecucionesTable } from '../db/tables.ts';
import { publicMessage } from '../api/public-message.ts';
import { builder } from './builder.ts';
import { pagedComplexity, pageSize } from './pagination.ts';

const EjecucionMonitor = builder.objectRef<Selectable<MonitorEjecucionesTable>>('EjecucionMonitor').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    iniciada_en: t.exposeString('iniciada_en'),
    finalizada_en: t.exposeString('finalizada_en', { nullable: true }),
    archivo: t.string({
      description: 'The file checked, by base name',
      resolve: (r) => publicMessage(r.archivo.split(/[\\/]/).pop() || r.archivo),
    }),
    paso: t.exposeString('paso', { description: 'The last step reached: lock, check, load, validate, send, done' }),
    resultado: t.exposeString('resultado', {
      description:
        'sent, locked, missing_file, unreadable_file, stale_file, load_failed, validation_failed, send_failed, interrupted, error (running while in progress)',
    }),
    detalle: t.string({
      nullable: true,
      description: 'Files by base name only; no host, pid or path',
      resolve: (r) => publicMessage(r.detalle, { host: r.host }),
    }),
  }),
});

builder.queryField('monitorEjecuciones', (t) =>
  t.field({
    type: [EjecucionMonitor],
    description: 'Runs of `npm run validar-y-enviar`, newest first',
    args: { first: t.arg.int({ defaultValue: 20, description: 'Runs per page, 1 to 100' }) },
    complexity: pagedComplexity,
    resolve: (_root, { first }, { db }) =>
      db.selectFrom('monitor_ejecuciones').selectAll().orderBy('id', 'desc').limit(pageSize(first)).execute(),
  }),
);
