// The HTTP application, built apart from listen(): the report page, GraphQL (with GraphiQL), the REST summary,
// health, Prometheus metrics.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, maskError } from 'graphql-yoga';
import { bearerToken, canRead } from './api/access.ts';
import type { ApiContext, ApiSettings } from './api/context.ts';
import { type DatabaseHandle, DatabaseUnavailable } from './api/database-handle.ts';
import { isUnreachable } from './db/unreachable.ts';
import { graphiqlPage, pickEncoding } from './api/graphiql-page.ts';
import { loadCache } from './api/load-cache.ts';
import { createLoaders } from './api/loaders.ts';
import { handleLogin, loginForm } from './api/login.ts';
import { refuseSubscriptions } from './api/refuse-subscriptions.ts';
import type { JsonLog } from './log/json-log.ts';
import { createMetrics } from './metrics/registry.ts';
import { PAGE_HEADERS } from './report/layout.ts';
import { createReportRoutes } from './report/report-routes.ts';
import { health } from './rest/health.ts';
import { summaryCache } from './rest/resumen-por-categoria.ts';
import { schema } from './schema/index.ts';

export interface AppOptions {
  database: DatabaseHandle;
  settings: ApiSettings;
  /** Request and error log (JSON lines); errors never reach clients. */
  log?: JsonLog;
  /** Largest accepted request body; default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * Told after a write through the API (a mutation), with the primary's WAL position with replicas (else null);
   * resolves once peer processes have taken it in (node:cluster, src/process/cluster.ts), before the mutation answers.
   */
  onWrite?: (lsn: string | null) => Promise<void>;
}

export interface App {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** A peer process wrote through its API: drop what is cached per load, and read replicas only past `lsn`. */
  observeWrite(lsn: string | null): void;
  close(): Promise<void>;
}

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

/** Paths that serve data: with API_READ_TOKEN set they need a token (health and static assets do not). */
const READ_PATHS = /^\/(?:$|graphql$|ventas\/|metrics$|runbooks(?:\/|$))/;

function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

const errorBody = (message: string) => JSON.stringify({ error: message });

/** Reads a request body up to a limit; null when it is larger (the caller answers 413). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

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

export function createApp(options: AppOptions): App {
  const { database, settings, log } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const summary = summaryCache();
  const rows = loadCache();
  const forget = () => {
    summary.invalidate();
    rows.invalidate();
  };
  const afterWrite = async () => {
    const lsn = await database.afterWrite();
    forget();
    await options.onWrite?.(lsn);
  };
  const armor = new EnvelopArmor(QUERY_LIMITS);
  const metrics = createMetrics({
    database,
    onDatabaseError: (err) =>
      log?.write('error', 'metrics database read failed', {
        error: err instanceof Error ? err.message : String(err),
        cause: String((err as Error).cause ?? ''),
      }),
  });

  const graphiql = graphiqlPage('Ventas: GraphQL explorer');
  const corsOrigins = new Set(settings.corsOrigins ?? []);

  const yoga = createYoga<Record<string, unknown>, ApiContext>({
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

  // The report page asks the API what any client would, through the same pipeline (limits, masking).
  const report = createReportRoutes({
    graphql: async (query, variables = {}, signal) => {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
        signal,
      });
      return response.json();
    },
    database: () => database.get(),
  });

  async function graphiqlHtml(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const page = await graphiql();
    if (req.headers['if-none-match'] === page.etag) {
      res.writeHead(304, { etag: page.etag, 'cache-control': page.headers['cache-control']!, vary: 'accept-encoding' });
      return void res.end();
    }
    const encoding = pickEncoding(req.headers['accept-encoding']);
    const body = encoding === 'br' ? page.brotli : encoding === 'gzip' ? page.gzip : page.identity;
    res.writeHead(200, {
      ...page.headers,
      etag: page.etag,
      'content-length': String(body.length),
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const browser = (req.method === 'GET' || req.method === 'HEAD') && /\btext\/html\b/.test(String(req.headers.accept ?? ''));
    if (browser) return graphiqlHtml(req, res);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req, maxBodyBytes);
    if (body === null) {
      sendJson(res, 413, errorBody(`request body larger than ${maxBodyBytes} bytes`), { connection: 'close' });
      req.destroy();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    const response = await yoga.fetch(url, { method: req.method, headers, body }, {});
    const out = Buffer.from(await response.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    outHeaders['content-length'] = String(out.length);
    res.writeHead(response.status, outHeaders);
    res.end(out);
  }

  /** With API_READ_TOKEN set, a request for data without a token gets a 401 (browsers: the login form). */
  function refuseWithoutToken(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (!settings.readToken || req.method === 'OPTIONS' || !READ_PATHS.test(url.pathname) || canRead(settings, req.headers)) return false;
    const browser = req.method === 'GET' && /\btext\/html\b/.test(String(req.headers.accept ?? ''));
    if (browser) {
      const body = loginForm(url.pathname + url.search);
      res.writeHead(401, { ...PAGE_HEADERS, 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      return true;
    }
    const message = 'this server needs a token to be read: send Authorization: Bearer <API_READ_TOKEN or API_TOKEN>';
    const body =
      url.pathname === '/graphql'
        ? JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] })
        : JSON.stringify({ error: message, code: 'UNAUTHENTICATED' });
    sendJson(res, 401, body, { 'www-authenticate': 'Bearer' });
    return true;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Every response, JSON included, is to be taken as the type it says (no MIME sniffing).
    res.setHeader('x-content-type-options', 'nosniff');
    if (await handleLogin(req, res, url, settings)) return;
    if (refuseWithoutToken(req, res, url)) return;
    switch (url.pathname) {
      case '/ventas/resumen_por_categoria': {
        if (req.method !== 'GET' && req.method !== 'HEAD')
          return sendJson(res, 405, errorBody('method not allowed: use GET'), { allow: 'GET, HEAD' });
        try {
          return sendJson(res, 200, await summary.body(database.get()));
        } catch (err) {
          log?.write('error', 'summary failed', {
            error: err instanceof Error ? err.message : String(err),
            cause: String((err as Error).cause ?? ''),
          });
          return sendJson(res, 500, errorBody('the sales database cannot be read'));
        }
      }
      case '/health': {
        if (req.method !== 'GET' && req.method !== 'HEAD')
          return sendJson(res, 405, errorBody('method not allowed: use GET'), { allow: 'GET, HEAD' });
        const h = await health(database);
        return sendJson(res, h.status === 'ready' ? 200 : 503, JSON.stringify(h));
      }
      case '/metrics': {
        if (req.method !== 'GET' && req.method !== 'HEAD')
          return sendJson(res, 405, errorBody('method not allowed: use GET'), { allow: 'GET, HEAD' });
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
        return void res.end(text);
      }
      case '/graphql':
        return graphql(req, res, url);
      default:
        if (await report.handle(req, res, url)) return;
        return sendJson(res, 404, errorBody(`not found: ${url.pathname}`));
    }
  }

  return {
    async handle(req, res) {
      const started = performance.now();
      try {
        await route(req, res);
      } catch (err) {
        log?.write('error', 'request failed', {
          error: err instanceof Error ? err.message : String(err),
          stack: err instanceof Error ? err.stack : undefined,
        });
        if (!res.headersSent) sendJson(res, 500, errorBody('internal error'));
        else res.destroy();
      } finally {
        metrics.observeRequest({ method: req.method, url: req.url, status: res.statusCode, seconds: (performance.now() - started) / 1000 });
        log?.write('info', 'request', {
          method: req.method,
          path: req.url?.split('?')[0],
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        });
      }
    },
    observeWrite(lsn) {
      if (lsn !== null) database.observeWrite(lsn);
      forget();
    },
    close: () => database.close(),
  };
}
