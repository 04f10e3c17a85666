// The HTTP application, built apart from listen(): the report page, GraphQL (with GraphiQL), the REST summary,
// health, Prometheus metrics. Which paths exist and which methods they take is the route table
// (src/http/routes.ts); this module binds a handler to each entry and answers what the table refuses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { canRead } from './api/access.ts';
import type { ApiSettings } from './api/context.ts';
import type { DatabaseHandle } from './api/database-handle.ts';
import { loadCache } from './api/load-cache.ts';
import { handleLogin, handleLogout, loginForm, refuseLoginMethod } from './api/login.ts';
import { createGraphqlServer, type GraphqlServer } from './http/graphql-server.ts';
import { graphqlRoute } from './http/graphql-route.ts';
import { findRoute, READ_PATHS, type RouteName, ROUTES, type RouteSpec, takesMethod } from './http/routes.ts';
import { errorBody, sendJson } from './http/send.ts';
import type { JsonLog } from './log/json-log.ts';
import { type AppMetrics, createMetrics } from './metrics/registry.ts';
import { PAGE_HEADERS } from './report/layout.ts';
import { createReportRoutes } from './report/report-routes.ts';
import { health } from './rest/health.ts';
import { serveSummary, summaryCache } from './rest/resumen-por-categoria.ts';

export { QUERY_LIMITS } from './http/graphql-server.ts';

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

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/** What the app does for one entry of the route table. */
interface Binding {
  handle: Handler;
  /** For a route matched by shape (assets): whether this path is really one; otherwise the app's 404. */
  exists?: (pathname: string) => boolean;
  /** For `refusal: 'page'`: the route's own HTML 405. */
  refusePage?: (res: ServerResponse, allow: string) => void;
}

/** The caches kept per load, and what a write through the API does to them, to replicas and to peers. */
function perLoadCaches(database: DatabaseHandle, onWrite: AppOptions['onWrite']) {
  const summary = summaryCache();
  const rows = loadCache();
  const forget = () => {
    summary.invalidate();
    rows.invalidate();
  };
  const afterWrite = async () => {
    const lsn = await database.afterWrite();
    forget();
    await onWrite?.(lsn);
  };
  return { summary, rows, forget, afterWrite };
}

/** The report asks the API what any client would, through the same pipeline (limits, masking). */
function reportFor(yoga: GraphqlServer, database: DatabaseHandle) {
  return createReportRoutes({
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
}

/** A handler for every entry of the route table (the Record's type makes a missing one a compile error). */
function bindRoutes(deps: {
  database: DatabaseHandle;
  settings: ApiSettings;
  log?: JsonLog;
  summary: ReturnType<typeof summaryCache>;
  metrics: AppMetrics;
  graphql: Handler;
  report: ReturnType<typeof createReportRoutes>;
}): Record<RouteName, Binding> {
  const { database, settings, log, summary, metrics, report } = deps;
  return {
    login: {
      handle: (req, res, url) => handleLogin(req, res, url, settings),
      refusePage: (res, allow) => refuseLoginMethod(res, '/login', allow),
    },
    logout: { handle: (_req, res) => handleLogout(res), refusePage: (res, allow) => refuseLoginMethod(res, '/logout', allow) },
    summary: { handle: (_req, res) => serveSummary(res, summary, () => database.get(), log) },
    health: {
      handle: async (_req, res) => {
        const h = await health(database);
        sendJson(res, h.status === 'ready' ? 200 : 503, JSON.stringify(h));
      },
    },
    metrics: {
      handle: async (_req, res) => {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
    },
    graphql: { handle: deps.graphql },
    report: { handle: report.page },
    runbooks: { handle: report.runbook },
    assets: { handle: report.asset, exists: report.hasAsset },
  };
}

/** The one 405: the route table's Allow header, in the route's own kind of answer. */
function refuseMethod(spec: RouteSpec, binding: Binding, res: ServerResponse): void {
  const allow = spec.allow!;
  const message = `method not allowed: use ${allow
    .split(', ')
    .filter((m) => m !== 'HEAD')
    .join(' or ')}`;
  if (spec.refusal === 'page' && binding.refusePage) {
    binding.refusePage(res, allow);
    return;
  }
  if (spec.refusal === 'text') {
    const body = `${message}\n`;
    res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow, 'content-length': String(Buffer.byteLength(body)) });
    return void res.end(body);
  }
  sendJson(res, 405, errorBody(message), { allow });
}

/** With API_READ_TOKEN set, a request for data without a token gets a 401 (browsers: the login form). */
function refuseWithoutToken(settings: ApiSettings, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
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

/** Routes a request through the table: public routes, then the token check, then the route or the one 404. */
function router(settings: ApiSettings, bindings: Record<RouteName, Binding>) {
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Every response, JSON included, is to be taken as the type it says (no MIME sniffing).
    res.setHeader('x-content-type-options', 'nosniff');
    const name = findRoute(url.pathname, (n, pathname) => bindings[n].exists?.(pathname) ?? true);
    const spec: RouteSpec | null = name === null ? null : ROUTES[name];
    if (!spec?.public && refuseWithoutToken(settings, req, res, url)) return;
    if (name === null || spec === null) return sendJson(res, 404, errorBody(`not found: ${url.pathname}`));
    const binding = bindings[name];
    if (!takesMethod(spec, req.method)) return refuseMethod(spec, binding, res);
    await binding.handle(req, res, url);
  };
}

export function createApp(options: AppOptions): App {
  const { database, settings, log } = options;
  const caches = perLoadCaches(database, options.onWrite);
  const metrics = createMetrics({
    database,
    onDatabaseError: (err) =>
      log?.write('error', 'metrics database read failed', {
        error: err instanceof Error ? err.message : String(err),
        cause: String((err as Error).cause ?? ''),
      }),
  });
  const yoga = createGraphqlServer({ database, settings, log, rows: caches.rows, afterWrite: caches.afterWrite });
  const route = router(
    settings,
    bindRoutes({
      database,
      settings,
      log,
      summary: caches.summary,
      metrics,
      graphql: graphqlRoute(yoga, options.maxBodyBytes ?? 64 * 1024),
      report: reportFor(yoga, database),
    }),
  );

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
      caches.forget();
    },
    close: () => database.close(),
  };
}
