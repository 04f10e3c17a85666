// Writes the schema's SDL to schema.graphql (committed; a test fails when it drifts from the builder).
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { sortedSchema } from '../src/schema/index.ts';

writeFileSync('schema.graphql', printSchema(sortedSchema) + '\n');
console.log('wrote schema.graphql');
