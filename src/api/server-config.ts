// What `npm start` reads from the environment for access and listening, and how it says so at start:
// HOST (default loopback only), API_READ_TOKEN, CORS_ORIGINS.
import { isIP } from 'node:net';

export interface AccessConfig {
  host: string;
  readToken: string | undefined;
  corsOrigins: string[];
}

/** Loopback by default: a fresh `npm start` is not served to the network until someone decides it. */
export const DEFAULT_HOST = '127.0.0.1';

export function accessConfig(env: NodeJS.ProcessEnv): AccessConfig {
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of corsOrigins) {
    // An origin is scheme://host[:port], compared exactly: a "*" or a path would never match anything.
    let ok = false;
    try {
      ok = new URL(origin).origin === origin;
    } catch {}
    if (!ok)
      throw Object.assign(new Error(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com`), { code: 'bad_config' });
  }
  return { host: env.HOST?.trim() || DEFAULT_HOST, readToken: env.API_READ_TOKEN || undefined, corsOrigins };
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

/** The lines `npm start` prints about who can reach and read the server. */
export function describeAccess(config: AccessConfig, apiToken: string | undefined): string[] {
  const lines = [
    isLoopback(config.host)
      ? `  host:      ${config.host}, this machine only (set HOST=0.0.0.0 to serve other machines)`
      : `  host:      ${config.host}, reachable from other machines (HOST)`,
    config.readToken
      ? '  reading:   needs a token (API_READ_TOKEN or API_TOKEN; browsers sign in at /login)'
      : `  reading:   open to ${isLoopback(config.host) ? 'this machine' : 'anyone who reaches the host'}, except clients' names and e-mails (set API_READ_TOKEN to close it)`,
    config.corsOrigins.length > 0
      ? `  CORS:      ${config.corsOrigins.join(', ')}`
      : '  CORS:      off (CORS_ORIGINS lists the browser origins allowed to call the API)',
  ];
  if (!apiToken) lines.push('  mutations are disabled (set API_TOKEN to enable them)');
  return lines;
}
