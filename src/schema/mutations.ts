// Mutations: run the validation, reload from a folder. Both need `Authorization: Bearer <API_TOKEN>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ApiContext } from '../api/context.ts';
import { apiError } from '../api/errors.ts';
import { alertingFromEnvironment } from '../alerting/setup.ts';
import { openDatabase } from '../db/connect.ts';
import { loadAndValidate } from '../etl/load-and-validate.ts';
import { parseDate } from '../etl/parse-date.ts';
import { openJsonLog } from '../log/json-log.ts';
import { readValidationConfig } from '../validation/config.ts';
import { runValidation } from '../validation/run-validation.ts';
import { builder } from './builder.ts';
import { Carga } from './cargas.ts';
import { Validacion } from './validacion.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Refuses the mutation unless a token is configured and the request carries it (compared in constant time). */
export function requireToken({ settings, bearer }: ApiContext): void {
  if (!settings.apiToken) throw apiError('FORBIDDEN', 'mutations are disabled: the server has no API_TOKEN configured');
  if (bearer === null) throw apiError('UNAUTHENTICATED', 'this mutation needs an Authorization: Bearer <token> header');
  if (!timingSafeEqual(digest(bearer), digest(settings.apiToken))) throw apiError('UNAUTHENTICATED', 'invalid token');
}

function asOfArg(asOf: string | null | undefined): string | undefined {
  if (asOf == null) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || !parseDate(asOf).ok) throw apiError('BAD_USER_INPUT', 'asOf must be a date YYYY-MM-DD');
  return asOf;
}

builder.mutationFields((t) => ({
  runValidation: t.field({
    type: Validacion,
    description: 'Runs every check now and returns the stored run',
    args: { asOf: t.arg.string({ description: 'YYYY-MM-DD; default today' }) },
    resolve: async (_root, { asOf }, ctx) => {
      requireToken(ctx);
      const run = await runValidation(ctx.db, {
        asOf: asOfArg(asOf),
        config: readValidationConfig(),
        origin: 'api',
        alerts: openJsonLog('alertas.log', 'validation'),
        alerting: alertingFromEnvironment(ctx.db),
      });
      return ctx.db.selectFrom('validaciones').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
    },
  }),
  reload: t.field({
    type: Carga,
    description: 'Loads the four CSV files of a folder on the server (inside its data root), then validates; the load record says how it went',
    args: {
      dataDir: t.arg.string({ required: true }),
      asOf: t.arg.string(),
      allowDrop: t.arg.boolean({
        defaultValue: false,
        description: "Accept a file that loads under minRowShareOfPrevious of the previous load's rows (refused as row_count_drop otherwise)",
      }),
    },
    resolve: async (_root, args, ctx) => {
      requireToken(ctx);
      const dir = resolve(ctx.settings.dataRoot, args.dataDir);
      const rel = relative(ctx.settings.dataRoot, dir);
      if (rel.startsWith('..') || isAbsolute(rel)) throw apiError('BAD_USER_INPUT', "dataDir must be a folder inside the server's data root");
      // A connection of its own: the load's transaction must not hold the one that serves reads.
      const writer = openDatabase(ctx.settings.databaseUrl);
      try {
        const { load } = await loadAndValidate(writer, {
          dataDir: dir,
          asOf: asOfArg(args.asOf),
          origin: 'api',
          alerting: alertingFromEnvironment(writer),
          validationConfig: readValidationConfig(),
          allowDrop: args.allowDrop ?? false,
          processCheck: ctx.settings.processCheck,
        });
        if (load.loadId === null) throw apiError('LOAD_FAILED', 'the load could not start');
        return ctx.db.selectFrom('cargas').selectAll().where('id', '=', load.loadId).executeTakeFirstOrThrow();
      } finally {
        await writer.destroy();
      }
    },
  }),
}));
