// The app's GraphQL server (graphql-yoga): document limits, CORS, error masking and the per-request context.
// Built once per app (src/app.ts); the report page asks it what any client would, through the same pipeline.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, maskError } from 'graphql-yoga';
import { bearerToken, canRead } from '../api/access.ts';
import type { ApiContext, ApiSettings } from '../api/context.ts';
import { type DatabaseHandle, DatabaseUnavailable } from '../api/database-handle.ts';
import type { LoadCache } from '../api/load-cache.ts';
import { createLoaders } from '../api/loaders.ts';
import { refuseSubscriptions } from '../api/refuse-subscriptions.ts';
import { isUnreachable } from '../db/unreachable.ts';
import type { JsonLog } from '../log/json-log.ts';
import { schema } from '../schema/index.ts';

/**
 * Limits on every GraphQL document: depth, aliases, directives, tokens. The cost is limited by the schema
 * (@pothos/plugin-complexity, src/schema/builder.ts), which counts page sizes from variables and defaults
 * too; armor's cost limit sees only literal `first`s, so it is off rather than a second, weaker figure.
 */
export const QUERY_LIMITS = {
  maxDepth: { n: 10 },
  costLimit: { enabled: false },
  maxAliases: { n: 15 },
  maxDirectives: { n: 10 },
  maxTokens: { n: 2000 },
} as const;

/**
 * Yoga puts the parser's own error in `extensions.originalError` for a body that is not JSON, and that
 * message quotes the body back: clients get the message and code only (the request log has the status).
 */
function withoutOriginalError(error: Error): Error {
  if (!(error instanceof GraphQLError) || !error.extensions || !('originalError' in error.extensions)) return error;
  const { originalError: _dropped, ...extensions } = error.extensions;
  // Its 400 stays a 400 (a body that is not JSON is no GraphQL request at all).
  const http = extensions.http as { status?: number } | undefined;
  if (http?.status) extensions.http = { ...http, spec: false };
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions,
  });
}

export interface GraphqlServerOptions {
  database: DatabaseHandle;
  settings: ApiSettings;
  log?: JsonLog;
  /** Rows cached per load, shared by every request's loaders. */
  rows: LoadCache;
  /** Called by mutations once they have written (replicas, caches, peer processes). */
  afterWrite: () => Promise<void>;
}

export function createGraphqlServer({ database, settings, log, rows, afterWrite }: GraphqlServerOptions) {
  const armor = new EnvelopArmor(QUERY_LIMITS);
  const corsOrigins = new Set(settings.corsOrigins ?? []);
  return createYoga<Record<string, unknown>, ApiContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL is served by this app from a precomputed, compressed page (api/graphiql-page.ts).
    graphiql: false,
    // No CORS unless CORS_ORIGINS lists the origin; then that origin only, and never with credentials
    // (the session cookie is SameSite=Strict anyway: a cross-site caller sends a bearer token).
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin && corsOrigins.has(origin)
        ? { origin, credentials: false, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization'], maxAge: 600 }
        : false;
    },
    // graphql-jit compiles each distinct document once (cached with yoga's parsed documents) into plain
    // JavaScript: about twice the throughput of the interpreter on the 100-sale page (BENCHMARKS.md).
    plugins: [...armor.protect().plugins, refuseSubscriptions(), useGraphQlJit()],
    // Unexpected errors reach the client as "Unexpected error."; the log keeps the real one.
    maskedErrors: {
      isDev: false,
      maskError: (error, message, isDev) => {
        const masked = maskError(error, message, isDev);
        if (masked !== error) {
          const original = (error as { originalError?: unknown }).originalError ?? error;
          log?.write('error', 'graphql error', {
            error: original instanceof Error ? original.message : String(original),
            stack: original instanceof Error ? original.stack : undefined,
          });
          if (original instanceof DatabaseUnavailable)
            return new GraphQLError('the database cannot be read', { extensions: { code: 'DATABASE_UNAVAILABLE' } });
          // Where the database is (host, port) stays in the log: clients learn only that it cannot be reached.
          if (isUnreachable(original))
            return new GraphQLError('cannot connect to the database', { extensions: { code: 'DATABASE_UNREACHABLE' } });
        }
        return withoutOriginalError(masked);
      },
    },
    logging: false,
    // The /graphql route reads every body itself, up to the app's limit (64 KiB by default), before Yoga sees
    // it (graphql-route.ts); Yoga's own limit re-streamed each body through a TransformStream (5% of a page's CPU).
    maxRequestBodySize: false,
    context: ({ request }): ApiContext => {
      const db = database.get();
      return {
        db,
        primary: database.primary(),
        afterWrite,
        loaders: createLoaders(db, rows),
        bearer: bearerToken(request.headers),
        canRead: canRead(settings, request.headers),
        settings,
      };
    },
  });
}

export type GraphqlServer = ReturnType<typeof createGraphqlServer>;
