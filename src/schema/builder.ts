// The Pothos schema builder: every GraphQL type is derived from it, typed by the Kysely tables.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import { Kind } from 'graphql';
import type { ApiContext } from '../api/context.ts';
import { apiError } from '../api/errors.ts';
import { isIsoDate } from '../dates/iso-date.ts';

/**
 * Largest cost of one operation: every field costs 1 and a list's sub-selection counts once per row it
 * may return (a page's `first`, see pagination.ts), so nested lists multiply. A page of 100 sales with
 * product, category, client and city costs about 1,600; 100 products each with 100 products of their
 * category about 20,000 (refused).
 */
export const MAX_COMPLEXITY = 5000;

export const builder = new SchemaBuilder<{
  Context: ApiContext;
  DefaultFieldNullability: false;
  Scalars: { JSON: { Input: unknown; Output: unknown }; Fecha: { Input: string; Output: string } };
}>({
  plugins: [SimpleObjectsPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  // Checked before any root field resolves, with the request's variables and the arguments' defaults
  // (graphql-armor's cost limit sees only the document, so `first: $n` would pass it uncounted).
  complexity: {
    defaultComplexity: 1,
    // A list without its own figure is assumed to hold 10 rows; every unbounded list has a figure.
    defaultListMultiplier: 10,
    limit: { complexity: MAX_COMPLEXITY },
    complexityError: (_kind, { complexity, maxComplexity }) =>
      apiError(
        'QUERY_TOO_COMPLEX',
        `query too complex: it may cost ${complexity}, the limit is ${maxComplexity} (lists count once per row of their page: ask for smaller pages)`,
      ),
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value (samples, details and counts whose shape depends on the check or file)',
  serialize: (value) => value,
  parseValue: (value) => value,
});

function fecha(value: unknown): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  throw apiError('BAD_USER_INPUT', 'a Fecha must be a calendar date YYYY-MM-DD that exists');
}

// Every date argument: checked where GraphQL reads arguments, so no resolver sees 2024-02-30.
builder.scalarType('Fecha', {
  description: 'A calendar date written YYYY-MM-DD (a day that exists: 2024-02-29 yes, 2024-02-30 no)',
  serialize: (value) => value,
  parseValue: (value) => fecha(value),
  // One parameter: graphql-jit compiles literals itself and warns about parsers that also take variables.
  parseLiteral: (node) => fecha(node.kind === Kind.STRING ? node.value : null),
});

builder.queryType({});
builder.mutationType({});
