// Mutations: run the validation, reload from a folder. Both need `Authorization: Bearer <API_TOKEN>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { ApiContext } from '../api/context.ts';
import { apiError } from '../api/errors.ts';
import { DataDirRefused, resolveDataDir } from '../jobs/data-dir.ts';
import { runReload } from '../jobs/reload-job.ts';
import { validateWithConfiguredAlerts } from '../jobs/validate-and-alert.ts';
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

/** A Fecha argument, already checked by the scalar; absent means the default (today). */
const asOfArg = (asOf: string | null | undefined): string | undefined => asOf ?? undefined;

builder.mutationFields((t) => ({
  runValidation: t.field({
    type: Validacion,
    description: 'Runs every check now and returns the stored run',
    args: { asOf: t.arg({ type: 'Fecha', description: 'Default today' }) },
    resolve: async (_root, { asOf }, ctx) => {
      requireToken(ctx);
      const run = await validateWithConfiguredAlerts(ctx.primary, { asOf: asOfArg(asOf), origin: 'api' });
      await ctx.afterWrite();
      return ctx.primary.selectFrom('validaciones').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
    },
  }),
  reload: t.field({
    type: Carga,
    description:
      'Loads the four CSV files of a folder on the server (inside its data root), then validates; the load record says how it went',
    args: {
      dataDir: t.arg.string({ required: true }),
      asOf: t.arg({ type: 'Fecha' }),
      allowDrop: t.arg.boolean({
        defaultValue: false,
        description:
          "Accept a file that loads under minRowShareOfPrevious of the previous load's rows (refused as row_count_drop otherwise)",
      }),
    },
    resolve: async (_root, args, ctx) => {
      requireToken(ctx);
      const asOf = asOfArg(args.asOf);
      let dir: string;
      try {
        dir = await resolveDataDir(ctx.settings.dataRoot, args.dataDir);
      } catch (err) {
        if (err instanceof DataDirRefused) throw apiError('BAD_USER_INPUT', err.message);
        throw err;
      }
      // The load runs in a child process (src/jobs/reload-job.ts): the server keeps answering meanwhile.
      const outcome = await runReload({ dataDir: dir, asOf, allowDrop: args.allowDrop ?? false, databaseUrl: ctx.settings.databaseUrl });
      if (outcome.kind === 'loaded') {
        await ctx.afterWrite();
        return ctx.primary.selectFrom('cargas').selectAll().where('id', '=', outcome.loadId).executeTakeFirstOrThrow();
      }
      if (outcome.kind === 'in_progress') {
        // Host, pid and since: enough to find the holder; no lock path, token or lease internals.
        throw new GraphQLError(outcome.message, { extensions: { code: 'LOAD_IN_PROGRESS', holder: outcome.holder } });
      }
      ctx.settings.log?.write('error', 'reload refused', {
        code: outcome.code,
        message: outcome.message,
        exitCode: outcome.exitCode,
        stderr: outcome.stderr,
      });
      // What the seed said stays in the server log: its messages may name files and the database's address.
      if (outcome.code === 'database_unreachable')
        throw new GraphQLError('the server cannot connect to its database', { extensions: { code: 'DATABASE_UNREACHABLE' } });
      if (outcome.code === 'pending_migrations')
        throw apiError('LOAD_FAILED', 'the database has pending migrations: run `npm run migrate`');
      if (outcome.code === 'breaker_open')
        throw apiError('LOAD_FAILED', "the load job's circuit breaker is open: see `npm run breaker -- status`");
      throw apiError('LOAD_FAILED', `the load could not run (${outcome.code})`);
    },
  }),
}));
