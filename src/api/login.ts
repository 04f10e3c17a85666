// The login form for browsers (the report page and GraphiQL): a POST of the read or admin token sets an
// HttpOnly, SameSite=Strict session cookie (an HMAC of the token, never the token) that grants reading
// only; mutations still need the Authorization header, so a cookie can never be ridden into a write.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { html } from '../html/safe-html.ts';
import { PAGE_HEADERS, page } from '../report/layout.ts';
import { isReadToken, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, sessionValue } from './access.ts';
import type { ApiSettings } from './context.ts';

const MAX_FORM_BYTES = 4096;

/** Only a path of this site: `/x`, never `//host` or `/\host` (an open redirect). */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

export function loginForm(next: string, problem?: string): string {
  return page({
    title: 'Sign in · Ventas',
    main: html`<h1>Sign in</h1>
<p>This server needs a token to be read. Ask its operator for the read token (<code>API_READ_TOKEN</code>).</p>
${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="next" value="${next}">
  <p><label for="token">Token</label> <input id="token" name="token" type="password" autocomplete="current-password" required></p>
  <p><button type="submit">Sign in</button></p>
</form>`,
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...PAGE_HEADERS, ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The 405 of /login and /logout: the form again (a browser shows it), with the route table's Allow header. */
export function refuseLoginMethod(res: ServerResponse, path: '/login' | '/logout', allow: string): void {
  send(res, 405, path === '/logout' ? loginForm('/', 'Use the sign-out button.') : loginForm('/'), { allow });
}

/** /logout (POST; the route table refuses other methods): clears the session cookie. */
export function handleLogout(res: ServerResponse): void {
  send(res, 303, '', { location: '/login', 'set-cookie': `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
}

/** /login: GET (or HEAD) the form, POST signs in; the route table refuses other methods. */
export async function handleLogin(req: IncomingMessage, res: ServerResponse, url: URL, settings: ApiSettings): Promise<void> {
  if (req.method === 'GET' || req.method === 'HEAD') return send(res, 200, loginForm(safeNext(url.searchParams.get('next'))));
  const form = await readForm(req);
  if (!form) {
    send(res, 413, loginForm('/', 'The form is too large.'), { connection: 'close' });
    req.destroy();
    return;
  }
  const next = safeNext(form.get('next'));
  const token = form.get('token') ?? '';
  if (!isReadToken(settings, token)) return send(res, 401, loginForm(next, 'That token is not valid here.'));
  const secure = req.headers['x-forwarded-proto'] === 'https' || (req.socket as { encrypted?: boolean }).encrypted ? '; Secure' : '';
  send(res, 303, '', {
    location: next,
    'set-cookie': `${SESSION_COOKIE}=${sessionValue(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure}`,
  });
}
