// The /graphql route: GraphiQL for a browser (a precomputed, compressed page), else the request handed to
// the GraphQL server with its body read up to a limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { graphiqlPage, pickEncoding } from '../api/graphiql-page.ts';
import type { GraphqlServer } from './graphql-server.ts';
import { errorBody, readBody, sendJson } from './send.ts';

export function graphqlRoute(yoga: GraphqlServer, maxBodyBytes: number) {
  const graphiql = graphiqlPage('Ventas: GraphQL explorer');

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

  return async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
  };
}
