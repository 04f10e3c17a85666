// The monitor's run history (validar y enviar).
import type { Selectable } from 'kysely';
import type { MonitorEjecucionesTable } from '../db/tables.ts';
import { builder } from './builder.ts';

const EjecucionMonitor = builder.objectRef<Selectable<MonitorEjecucionesTable>>('EjecucionMonitor').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    iniciada_en: t.exposeString('iniciada_en'),
    finalizada_en: t.exposeString('finalizada_en', { nullable: true }),
    host: t.exposeString('host'),
    pid: t.exposeInt('pid'),
    archivo: t.exposeString('archivo'),
    paso: t.exposeString('paso', { description: 'The last step reached: lock, check, load, validate, send, done' }),
    resultado: t.exposeString('resultado', { description: 'sent, locked, missing_file, unreadable_file, stale_file, load_failed, validation_failed, send_failed, interrupted, error (running while in progress)' }),
    detalle: t.exposeString('detalle', { nullable: true }),
  }),
});

builder.queryField('monitorEjecuciones', (t) =>
  t.field({
    type: [EjecucionMonitor],
    description: 'Runs of `npm run validar-y-enviar`, newest first',
    args: { first: t.arg.int({ defaultValue: 20 }) },
    resolve: (_root, { first }, { db }) =>
      db.selectFrom('monitor_ejecuciones').selectAll().orderBy('id', 'desc').limit(Math.min(Math.max(first ?? 20, 1), 100)).execute(),
  }),
);
