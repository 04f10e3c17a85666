// The Pothos schema builder: every GraphQL type is derived from it, typed by the Kysely tables.
import SchemaBuilder from '@pothos/core';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import type { ApiContext } from '../api/context.ts';

export const builder = new SchemaBuilder<{
  Context: ApiContext;
  DefaultFieldNullability: false;
  Scalars: { JSON: { Input: unknown; Output: unknown } };
}>({
  plugins: [SimpleObjectsPlugin],
  defaultFieldNullability: false,
});

builder.scalarType('JSON', {
  description: 'Any JSON value (samples, details and counts whose shape depends on the check or file)',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({});
builder.mutationType({});
