import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sortedSchema } from '../../src/schema/index.ts';

describe('schema.graphql', () => {
  it('is the SDL the builder prints (run `npm run print-schema` after changing the schema)', () => {
    expect(readFileSync('schema.graphql', 'utf8')).toBe(printSchema(sortedSchema) + '\n');
  });
});
