// HTTP routes of the report: the page at `/`, the runbook pages and the static assets. The page's data
// comes from the GraphQL API through the same pipeline as any client's request (limits, masking).
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { assets } from './assets.ts';
import { PAGE_HEADERS } from './layout.ts';
import {
  QUARANTINE_PAGE_SIZE,
  QUARANTINE_QUERY,
  REPORT_QUERY,
  RUNBOOK_QUERY,
  type QuarantineFilter,
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

/** Runs one GraphQL document against the app's own API. */
export type GraphqlClient = (query: string, variables?: Record<string, unknown>) => Promise<GraphqlAnswer>;

export interface ReportRoutesOptions {
  graphql: GraphqlClient;
  /** Folder of the runbook Markdown files; default docs/runbooks. */
  runbookDir?: string;
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>, head: boolean): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

const describeErrors = (errors: GraphqlAnswer['errors']) => (errors ?? []).map((e) => (e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message)).join('; ');

/** The filter from the query string; empty values mean "any". */
export function quarantineFilter(url: URL): QuarantineFilter {
  const pick = (name: string) => url.searchParams.get(name)?.trim().slice(0, 200) || undefined;
  return { archivo: pick('archivo'), razon: pick('razon'), after: pick('after') };
}

export function createReportRoutes(options: ReportRoutesOptions) {
  const runbookDir = options.runbookDir ?? 'docs/runbooks';

  async function reportPage(url: URL): Promise<{ status: number; body: string }> {
    const filter = quarantineFilter(url);
    const [report, quarantine] = await Promise.all([
      options.graphql(REPORT_QUERY),
      options.graphql(QUARANTINE_QUERY, { ...filter, first: QUARANTINE_PAGE_SIZE }),
    ]);
    if (!report.data || report.errors?.length) return { status: 503, body: renderMessage('The report cannot be shown', `the API answered: ${describeErrors(report.errors) || 'no data'}. The server log (logs/api.log) has the details.`) };
    const q: QuarantineResult =
      quarantine.data && !quarantine.errors?.length ? { page: quarantine.data.cuarentena as QuarantinePage } : { error: describeErrors(quarantine.errors) || 'no data' };
    return { status: 200, body: renderReport(report.data as unknown as ReportData, q, filter) };
  }

  async function runbookPage(code: string | null): Promise<{ status: number; body: string } | null> {
    if (code !== null && !RUNBOOK_CODE.test(code)) return null;
    let source: string;
    try {
      source = await readFile(join(runbookDir, `${code ?? 'README'}.md`), 'utf8');
    } catch {
      return null;
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

  return {
    /** Answers the request when it is one of the report's paths; false otherwise. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      const path = url.pathname;
      const isPage = path === '/' || path === '/runbooks' || path.startsWith('/runbooks/');
      const asset = assets().get(path);
      if (!isPage && !asset) return false;
      const head = req.method === 'HEAD';
      if (req.method !== 'GET' && !head) {
        send(res, 405, 'method not allowed: use GET\n', { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' }, head);
        return true;
      }
      if (asset) {
        if (req.headers['if-none-match'] === asset.etag) {
          res.writeHead(304, { etag: asset.etag });
          res.end();
          return true;
        }
        const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        send(res, 200, gzip ? asset.gzipped : asset.body, {
          'content-type': asset.type,
          'cache-control': 'public, max-age=300',
          etag: asset.etag,
          vary: 'accept-encoding',
          'x-content-type-options': 'nosniff',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        }, head);
        return true;
      }
      if (path === '/') {
        const { status, body } = await reportPage(url);
        send(res, status, body, PAGE_HEADERS, head);
        return true;
      }
      const code = path === '/runbooks' || path === '/runbooks/' ? null : path.slice('/runbooks/'.length).replace(/\.md$/, '');
      const found = await runbookPage(code);
      if (found) send(res, found.status, found.body, PAGE_HEADERS, head);
      else send(res, 404, renderMessage('Not found', `There is no runbook "${code}".`), PAGE_HEADERS, head);
      return true;
    },
  };
}
