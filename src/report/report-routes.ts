// HTTP handlers of the report: the page at `/`, the runbook pages and the static assets (their paths and
// methods are in the app's route table, src/http/routes.ts). The page's data
// comes from the GraphQL API through the same pipeline as any client's request (limits, masking); the raw
// quarantined lines' first characters come from the database (raw-lines.ts). A page whose client has gone
// is abandoned at the next step instead of being rendered for nobody.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { assets } from './assets.ts';
import { PAGE_HEADERS } from './layout.ts';
import { BOUNDS } from './page-bounds.ts';
import { GateFull, pageGate } from './page-gate.ts';
import { rawLines } from './raw-lines.ts';
import {
  QUARANTINE_PAGE_SIZE,
  QUARANTINE_QUERY,
  REPORT_QUERY,
  RUNBOOK_QUERY,
  type QuarantineFilter,
  type QuarantineNode,
  type QuarantinePage,
  type ReportData,
  type RunbookLatest,
} from './report-query.ts';
import { renderReport, renderMessage, type QuarantineResult } from './render-report.ts';
import { type LatestResult, RUNBOOK_CODE, renderRunbook } from './render-runbook.ts';

export interface GraphqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** Runs one GraphQL document against the app's own API; `signal` aborts when the page's client has gone. */
export type GraphqlClient = (query: string, variables?: Record<string, unknown>, signal?: AbortSignal) => Promise<GraphqlAnswer>;

export interface ReportRoutesOptions {
  graphql: GraphqlClient;
  /** The database the raw lines' beginnings are read from (throws when it cannot be opened). */
  database: () => Kysely<Database>;
  /** Folder of the runbook Markdown files; default docs/runbooks. */
  runbookDir?: string;
  /** Report pages built at once (default 2: one per core of a small server) and waiting at most (default 32). */
  concurrency?: number;
  maxWaiting?: number;
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>, head: boolean): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

const describeErrors = (errors: GraphqlAnswer['errors']) =>
  (errors ?? []).map((e) => (e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message)).join('; ');

/** The filter from the query string; empty values mean "any". */
export function quarantineFilter(url: URL): QuarantineFilter {
  const pick = (name: string) => url.searchParams.get(name)?.trim().slice(0, 200) || undefined;
  return { archivo: pick('archivo'), razon: pick('razon'), after: pick('after') };
}

/** Lets the event loop run, then throws if the client has gone. On SQLite every query is synchronous, so a
 * page would otherwise be built in one stretch of promise callbacks: the client's disconnection (and
 * /health) would only be seen once the page was done. Two turns, because the first may fall before the
 * loop's next poll for I/O, where a closed connection is noticed. */
async function checkpoint(signal: AbortSignal): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  signal.throwIfAborted();
}

export function createReportRoutes(options: ReportRoutesOptions) {
  const runbookDir = options.runbookDir ?? 'docs/runbooks';
  const gate = pageGate(options.concurrency ?? 2, options.maxWaiting ?? 32);

  /** Builds the page step by step, giving the event loop a turn between steps (see checkpoint). */
  async function reportPage(url: URL, signal: AbortSignal): Promise<{ status: number; body: string }> {
    const filter = quarantineFilter(url);
    await checkpoint(signal);
    const report = await options.graphql(REPORT_QUERY, {}, signal);
    await checkpoint(signal);
    if (!report.data || report.errors?.length)
      return {
        status: 503,
        body: renderMessage(
          'The report cannot be shown',
          `the API answered: ${describeErrors(report.errors) || 'no data'}. The server log (logs/api.log) has the details.`,
        ),
      };
    const quarantine = await options.graphql(QUARANTINE_QUERY, { ...filter, first: QUARANTINE_PAGE_SIZE }, signal);
    await checkpoint(signal);
    const q: QuarantineResult =
      quarantine.data && !quarantine.errors?.length
        ? await withRawLines(quarantine.data.cuarentena as QuarantinePage<QuarantineNode>)
        : { error: describeErrors(quarantine.errors) || 'no data' };
    await checkpoint(signal);
    return { status: 200, body: renderReport(report.data as unknown as ReportData, q, filter) };
  }

  /** The page of rows with the beginning of each raw line; if the database fails, the section says so. */
  async function withRawLines(page: QuarantinePage<QuarantineNode>): Promise<QuarantineResult> {
    const nodes = page.nodes.slice(0, BOUNDS.quarantineRows);
    let lines;
    try {
      lines = await rawLines(
        options.database(),
        nodes.map((n) => n.id),
        BOUNDS.rawLineChars,
      );
    } catch {
      return { error: 'the raw lines cannot be read from the database' };
    }
    return { page: { ...page, nodes: nodes.map((n) => ({ ...n, contenido: '', contenido_bytes: 0, ...lines.get(n.id) })) } };
  }

  async function runbookPage(code: string | null): Promise<{ status: number; body: string } | null> {
    if (code !== null && !RUNBOOK_CODE.test(code)) return null;
    let source: string;
    try {
      source = await readFile(join(runbookDir, `${code ?? 'README'}.md`), 'utf8');
    } catch {
      // A check declared in the checks file: the runbook it writes there, else the one for declared checks.
      const latest = code === null ? null : await latestResult(code);
      if (latest === null || 'error' in latest || !latest.result.tipo) return null;
      const text = latest.result.runbook_texto ?? (await readFile(join(runbookDir, 'declared_checks.md'), 'utf8').catch(() => null));
      return text === null ? null : { status: 200, body: renderRunbook(code, text, latest) };
    }
    return { status: 200, body: renderRunbook(code, source, code === null ? undefined : await latestResult(code)) };
  }

  /** The check's result in the latest run; a failing API leaves the runbook readable, with a note. */
  async function latestResult(code: string): Promise<LatestResult> {
    const answer = await options.graphql(RUNBOOK_QUERY);
    if (!answer.data || answer.errors?.length) return { error: describeErrors(answer.errors) || 'no data' };
    const run = answer.data.validacion as (RunbookLatest['run'] & { resultados: RunbookLatest['result'][] }) | null;
    const result = run?.resultados.find((r) => r.codigo === code);
    return run && result ? { run: { id: run.id, ejecutada_en: run.ejecutada_en }, result } : null;
  }

  /** A static asset (etag, gzip when asked); the route table has already checked the method. */
  function asset(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const found = assets().get(url.pathname);
    // The app asks hasAsset first; a name that is not an asset never reaches here.
    if (!found) throw new Error(`no such asset: ${url.pathname}`);
    if (req.headers['if-none-match'] === found.etag) {
      res.writeHead(304, { etag: found.etag });
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    send(
      res,
      200,
      gzip ? found.gzipped : found.body,
      {
        'content-type': found.type,
        'cache-control': 'public, max-age=300',
        etag: found.etag,
        vary: 'accept-encoding',
        'x-content-type-options': 'nosniff',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      },
      req.method === 'HEAD',
    );
  }

  /** The report page at `/`, built under the page gate and abandoned when its client goes. */
  async function page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const head = req.method === 'HEAD';
    // 'close' on the response before it ended: the client went away (the request's own 'close' fires as
    // soon as its empty body has been read, so it cannot tell).
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) gone.abort(new Error('the client closed the connection'));
    });
    let leave: (() => void) | undefined;
    try {
      leave = await gate.enter(gone.signal);
      const { status, body } = await reportPage(url, gone.signal);
      send(res, status, body, PAGE_HEADERS, head);
    } catch (err) {
      if (err instanceof GateFull) {
        send(
          res,
          503,
          renderMessage('The report is busy', 'Too many report pages are being built right now. Try again in a few seconds.'),
          { ...PAGE_HEADERS, 'retry-after': '5' },
          head,
        );
      } else if (gone.signal.aborted) {
        // Nobody reads this answer; 499 (nginx's "client closed request") is for the request log and metrics.
        res.statusCode = 499;
      } else throw err;
    } finally {
      leave?.();
    }
  }

  /** `/runbooks` (the index) and `/runbooks/CODE`; an unknown code is the report's own HTML 404. */
  async function runbook(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const head = req.method === 'HEAD';
    const code = path === '/runbooks' || path === '/runbooks/' ? null : path.slice('/runbooks/'.length).replace(/\.md$/, '');
    const found = await runbookPage(code);
    if (found) send(res, found.status, found.body, PAGE_HEADERS, head);
    else send(res, 404, renderMessage('Not found', `There is no runbook "${code}".`), PAGE_HEADERS, head);
  }

  // Bound to the route table's `report`, `runbooks` and `assets` entries (src/http/routes.ts), which answer
  // the methods these do not take.
  return {
    page,
    runbook,
    asset,
    /** Whether a path under /assets/ is one of the assets; any other is the app's 404. */
    hasAsset: (pathname: string) => assets().get(pathname) !== undefined,
  };
}
