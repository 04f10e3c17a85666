// The route table: one place for paths, methods and metrics labels.
import { describe, expect, it } from 'vitest';
import { findRoute, ROUTE_LABELS, ROUTES, routeLabel, takesMethod } from '../../src/http/routes.ts';

describe('the HTTP route table', () => {
  it('finds each route by its path, and no route for an unknown one', () => {
    expect(findRoute('/ventas/resumen_por_categoria')).toBe('summary');
    expect(findRoute('/health')).toBe('health');
    expect(findRoute('/runbooks')).toBe('runbooks');
    expect(findRoute('/runbooks/returns')).toBe('runbooks');
    expect(findRoute('/assets/report.css')).toBe('assets');
    expect(findRoute('/login')).toBe('login');
    expect(findRoute('/')).toBe('report');
    expect(findRoute('/ventas/otra_cosa')).toBeNull();
  });

  it('lets a route matched by shape decline a path (an asset name that is not an asset)', () => {
    expect(findRoute('/assets/nothing.js', (name) => name !== 'assets')).toBeNull();
  });

  it('takes HEAD wherever GET is, and only the methods of its Allow header', () => {
    expect(takesMethod(ROUTES.health, 'HEAD')).toBe(true);
    expect(takesMethod(ROUTES.health, 'POST')).toBe(false);
    expect(takesMethod(ROUTES.login, 'HEAD')).toBe(true);
    expect(takesMethod(ROUTES.logout, 'GET')).toBe(false);
    expect(takesMethod(ROUTES.graphql, 'PUT')).toBe(true);
  });

  it('labels requests by route, never by raw path, and every label is in the table', () => {
    expect(routeLabel('/runbooks/made-up-12345?q=secret')).toBe('/runbooks/:code');
    expect(routeLabel('/assets/anything')).toBe('/assets/:name');
    expect(routeLabel('/ventas/resumen_por_categoria?x=1')).toBe('/ventas/resumen_por_categoria');
    expect(routeLabel('/no-such-thing')).toBe('other');
    for (const path of ['/', '/graphql', '/health', '/metrics', '/login', '/logout']) expect(ROUTE_LABELS).toContain(routeLabel(path));
  });
});
