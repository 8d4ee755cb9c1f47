// Validates every typed operation in src/graphql/operations.ts against the API schema (gql.tada
// types results; this catches unknown fields and arguments at build time too).
import { readFileSync } from 'node:fs';
import { buildSchema, validate, type DocumentNode } from 'graphql';
import * as operations from '../src/graphql/operations.js';

const schema = buildSchema(
  readFileSync(new URL('../src/graphql/schema.graphql', import.meta.url), 'utf8'),
);
let failed = 0;
for (const [name, document] of Object.entries(operations)) {
  for (const error of validate(schema, document as DocumentNode)) {
    failed++;
    console.error(`${name}: ${error.message}`);
  }
}
if (failed > 0) process.exit(1);
console.log(`${Object.keys(operations).length} operations valid against the API schema`);
