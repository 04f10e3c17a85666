// Who may read: the read token (API_READ_TOKEN), the admin token (API_TOKEN), or a login session cookie
// derived from either. Tokens are compared in constant time; the cookie never holds a token itself.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiSettings } from './context.ts';

export const SESSION_COOKIE = 'ventas_sesion';
/** A login lasts a working day; the cookie also dies with a change of either token. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

const digest = (s: string) => createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** The tokens that grant reading: the read token and the admin token, whichever are configured. */
function readTokens(settings: ApiSettings): string[] {
  return [settings.readToken, settings.apiToken].filter((t): t is string => !!t);
}

/** Whether a token given by a client (header or login form) grants reading. */
export function isReadToken(settings: ApiSettings, token: string | null | undefined): boolean {
  if (!token) return false;
  // Every configured token is compared, so the time taken does not tell which one matched.
  return readTokens(settings).reduce((ok, t) => sameSecret(token, t) || ok, false);
}

/** The session cookie's value for a token: an HMAC, so a stolen cookie does not reveal the token. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('ventas read session v1').digest('base64url');
}

function cookie(headers: IncomingHttpHeaders | Headers, name: string): string | null {
  const raw = headers instanceof Headers ? headers.get('cookie') : headers.cookie;
  for (const part of (raw ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function bearerToken(headers: IncomingHttpHeaders | Headers): string | null {
  const auth = headers instanceof Headers ? headers.get('authorization') : headers.authorization;
  return auth?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}

/** Whether the request carries a read or admin token (Authorization: Bearer) or a valid session cookie. */
export function canRead(settings: ApiSettings, headers: IncomingHttpHeaders | Headers): boolean {
  if (isReadToken(settings, bearerToken(headers))) return true;
  const session = cookie(headers, SESSION_COOKIE);
  if (!session) return false;
  return readTokens(settings).reduce((ok, t) => sameSecret(session, sessionValue(t)) || ok, false);
}

/** Reading needs a token only when API_READ_TOKEN is set; personal fields always need one. */
export const readingIsOpen = (settings: ApiSettings) => !settings.readToken;
