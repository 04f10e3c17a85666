// Cursor pagination shared by the list fields: page-size limits, opaque cursors, and the connection types.
import type { ObjectRef } from '@pothos/core';
import { apiError } from '../api/errors.ts';
import { builder } from './builder.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * The cost of a list field for the complexity limit (@pothos/plugin-complexity): its sub-selection is
 * counted once per row the request may get, so nested lists multiply along the path. An out-of-range
 * `first` counts as the largest page: the resolver refuses it with BAD_USER_INPUT, not the cost limit.
 */
export const pagedComplexity = (args: { first?: number | null }) => ({
  field: 1,
  multiplier: Math.min(Math.max(Number.isInteger(args.first) ? args.first! : DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE),
});

/** A list the connection already paid for (nodes, edges): its rows are not counted twice. */
export const PAID_LIST = { field: 1, multiplier: 1 };

export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw apiError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}, got ${n}`);
  return n;
}

/** Cursors are base64url JSON of the sort key; a cursor from another list or a tampered one is refused. */
export function encodeCursor(kind: string, key: unknown[]): string {
  return Buffer.from(JSON.stringify([kind, ...key])).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string | null | undefined, shape: Array<'string' | 'number'>): unknown[] | null {
  if (cursor === null || cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const ok =
    Array.isArray(parsed) &&
    parsed[0] === kind &&
    parsed.length === shape.length + 1 &&
    shape.every((type, i) => typeof parsed[i + 1] === type && (type !== 'number' || Number.isFinite(parsed[i + 1])));
  if (!ok) throw apiError('BAD_USER_INPUT', 'invalid cursor');
  return (parsed as unknown[]).slice(1);
}

/** The cursor function of an empty page (never called: it has no nodes). */
export const noCursor = (): string => {
  throw new Error('an empty page has no cursors');
};

export interface Page<T> {
  nodes: T[];
  /** The cursor of `nodes[i]`, encoded only when a client asks for it (edges or pageInfo). */
  cursor: (i: number) => string;
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
}

export const PageInfo = builder.simpleObject('PageInfo', {
  fields: (t) => ({
    hasNextPage: t.boolean(),
    endCursor: t.string({ nullable: true }),
  }),
});

/** A connection type `NameConexion` with edges, nodes, pageInfo and totalCount (counted only when asked). */
// The node type is erased inside (Pothos cannot check a generic T against a ref); callers stay typed.
export function connection<T>(name: string, node: ObjectRef<any, T>) {
  const nodeRef = node as ObjectRef<any, any>;
  const Edge = builder.objectRef<{ node: any; cursor: string }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: nodeRef, resolve: (e) => e.node }),
    }),
  });
  return builder.objectRef<Page<any>>(`${name}Conexion`).implement({
    fields: (t) => ({
      totalCount: t.int({ resolve: (p) => p.totalCount() }),
      nodes: t.field({ type: [nodeRef], complexity: PAID_LIST, resolve: (p) => p.nodes }),
      edges: t.field({ type: [Edge], complexity: PAID_LIST, resolve: (p) => p.nodes.map((n, i) => ({ node: n, cursor: p.cursor(i) })) }),
      pageInfo: t.field({
        type: PageInfo,
        resolve: (p) => ({ hasNextPage: p.hasNextPage, endCursor: p.nodes.length > 0 ? p.cursor(p.nodes.length - 1) : null }),
      }),
    }),
  });
}

/**
 * One page of a list keyed by an integer id, ascending: `fetch(afterId, limit)` returns up to `limit` rows
 * after the cursor's id (one more than the page tells whether there is a next page).
 */
export async function idPage<T>(
  kind: string,
  args: { first?: number | null; after?: string | null },
  fetch: (afterId: number | null, limit: number) => Promise<T[]>,
  count: () => Promise<number>,
  id: (row: NoInfer<T>) => number,
): Promise<Page<T>> {
  const limit = pageSize(args.first);
  const after = decodeCursor(kind, args.after, ['number']);
  const rows = await fetch(after ? (after[0] as number) : null, limit + 1);
  const nodes = rows.slice(0, limit);
  return { nodes, cursor: (i) => encodeCursor(kind, [id(nodes[i]!)]), hasNextPage: rows.length > limit, totalCount: count };
}

export const emptyPage = <T>(): Page<T> => ({ nodes: [], cursor: noCursor, hasNextPage: false, totalCount: async () => 0 });
