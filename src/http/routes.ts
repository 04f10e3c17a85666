// The one table of the app's HTTP routes: which paths exist, which methods each takes (its Allow header),
// how a refused method is answered, and the label its requests carry in the metrics. The app binds a
// handler to each entry (src/app.ts); anything the table does not match is the app's one JSON 404.
// Pure data and matching, no I/O, so the metrics read their labels from here too.

/** How a method the route does not take is answered: JSON for the API, plain text for the report's pages
 * and assets, the route's own HTML page for the login form (a browser shows it). */
export type Refusal = 'json' | 'text' | 'page';

export interface RouteSpec {
  /** The metrics' route label (never the raw path, so clients cannot mint label values). */
  readonly label: string;
  matches(pathname: string): boolean;
  /** The Allow header of a 405; HEAD is taken wherever GET is. Null: the handler answers every method itself
   * (GraphQL: yoga answers CORS preflights and its own method errors). */
  readonly allow: string | null;
  readonly refusal: Refusal;
  /** Answered before the token check (the login form must be reachable without one). */
  readonly public?: boolean;
}

const exactly = (path: string) => (pathname: string) => pathname === path;

export const ROUTES = {
  login: { label: '/login', matches: exactly('/login'), allow: 'GET, POST', refusal: 'page', public: true },
  logout: { label: '/logout', matches: exactly('/logout'), allow: 'POST', refusal: 'page', public: true },
  summary: {
    label: '/ventas/resumen_por_categoria',
    matches: exactly('/ventas/resumen_por_categoria'),
    allow: 'GET, HEAD',
    refusal: 'json',
  },
  health: { label: '/health', matches: exactly('/health'), allow: 'GET, HEAD', refusal: 'json' },
  metrics: { label: '/metrics', matches: exactly('/metrics'), allow: 'GET, HEAD', refusal: 'json' },
  graphql: { label: '/graphql', matches: exactly('/graphql'), allow: null, refusal: 'json' },
  report: { label: '/', matches: exactly('/'), allow: 'GET, HEAD', refusal: 'text' },
  runbooks: {
    label: '/runbooks/:code',
    matches: (p: string) => p === '/runbooks' || p.startsWith('/runbooks/'),
    allow: 'GET, HEAD',
    refusal: 'text',
  },
  assets: { label: '/assets/:name', matches: (p: string) => p.startsWith('/assets/'), allow: 'GET, HEAD', refusal: 'text' },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
export type RouteLabel = (typeof ROUTES)[RouteName]['label'] | 'other';

/** Every label a request can carry, 'other' aside. */
export const ROUTE_LABELS = Object.values(ROUTES).map((r) => r.label) as Array<Exclude<RouteLabel, 'other'>>;

const ENTRIES = Object.entries(ROUTES) as Array<[RouteName, RouteSpec]>;

/** The route a path belongs to, or null. `exists` lets a route decline a path it matches by shape only
 * (an asset name that is not one of the assets): that path is then the app's 404, not the route's 405. */
export function findRoute(pathname: string, exists: (name: RouteName, pathname: string) => boolean = () => true): RouteName | null {
  for (const [name, spec] of ENTRIES) if (spec.matches(pathname) && exists(name, pathname)) return name;
  return null;
}

/** Whether a route takes a method (HEAD wherever GET is). */
export function takesMethod(spec: RouteSpec, method: string | undefined): boolean {
  if (spec.allow === null) return true;
  const allowed = spec.allow.split(', ');
  return allowed.includes(method ?? '') || (method === 'HEAD' && allowed.includes('GET'));
}

/** Paths that serve data: with API_READ_TOKEN set they need a token (health, login and static assets do not).
 * Any path under /ventas/ is data, known or not, so an unknown one answers 401 rather than telling it apart. */
export const READ_PATHS = /^\/(?:$|graphql$|ventas\/|metrics$|runbooks(?:\/|$))/;

/** The metrics' label of a request URL, matched on the parsed pathname as the app matches it. */
export function routeLabel(url: string | undefined): RouteLabel {
  let pathname: string;
  try {
    pathname = new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return 'other';
  }
  const name = findRoute(pathname);
  return name === null ? 'other' : ROUTES[name].label;
}
