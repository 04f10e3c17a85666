// Runs the API's SELECTs on PostgreSQL as named statements: the server parses and plans each distinct SQL text
// once per connection instead of on every request (Kysely sends unnamed ones). Only the read path opts in: a
// named statement whose tables change shape (a migration) must be re-prepared, which the read path never causes.
import { createHash } from 'node:crypto';
import type Pg from 'pg';

/** Distinct statements named per process; past it, statements run unnamed (bounds the server's memory per connection). */
const MAX_NAMED = 256;
const names = new Map<string, string>();

function nameOf(text: string): string | null {
  const known = names.get(text);
  if (known) return known;
  if (names.size >= MAX_NAMED || !/^\s*select\b/i.test(text)) return null;
  const name = 'v' + createHash('sha1').update(text).digest('hex').slice(0, 20);
  names.set(text, name);
  return name;
}

const patched = new WeakSet<Pg.PoolClient>();

/** The same client (pg reuses it across checkouts), its `query(text, values)` calls named; patched once. */
export function withNamedStatements(client: Pg.PoolClient): Pg.PoolClient {
  if (patched.has(client)) return client;
  patched.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === 'string' && (values === undefined || Array.isArray(values)) && args.length <= 2) {
      const name = nameOf(text);
      if (name) return query({ name, text, values });
    }
    return query(...args);
  };
  return client;
}
