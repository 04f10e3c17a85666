// The address alert links (runbooks, the report) point at: PUBLIC_URL when set (the address readers reach,
// e.g. behind a proxy), else `reportUrl` in config/alerting.json, else the server's own HOST and PORT.
export const DEFAULT_PORT = '5000';

const LOCAL_HOSTS = new Set(['', '127.0.0.1', '::1', 'localhost', '0.0.0.0', '::']);

export function reportUrl(env: NodeJS.ProcessEnv, configured?: string | null): string {
  const chosen = env.PUBLIC_URL?.trim() || configured?.trim();
  if (chosen) return chosen.replace(/\/+$/, '');
  const port = env.PORT?.trim() || DEFAULT_PORT;
  const host = env.HOST?.trim() ?? '';
  // A wildcard bind has no address of its own to link to: localhost is right on this machine, PUBLIC_URL elsewhere.
  const name = LOCAL_HOSTS.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
