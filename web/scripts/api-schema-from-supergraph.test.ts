import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaFromSupergraph } from './api-schema-from-supergraph.js';

describe('apiSchemaFromSupergraph', () => {
  it('drops federation types, directives and @inaccessible fields', () => {
    const sdl = apiSchemaFromSupergraph(`
      schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query }
      directive @link(url: String) repeatable on SCHEMA
      directive @join__field(graph: join__Graph) repeatable on FIELD_DEFINITION
      directive @inaccessible on FIELD_DEFINITION
      enum join__Graph { A }
      scalar link__Import
      type Query { a: Int @join__field(graph: A) secret: Int @inaccessible }
    `);
    expect(sdl).not.toMatch(/join__|link__|@link|inaccessible|secret/);
    expect(buildSchema(sdl).getQueryType()?.getFields()).toHaveProperty('a');
  });

  it('turns the committed supergraph into a valid schema with the vehicles and traffic fields', () => {
    const supergraph = readFileSync(
      new URL('../../gateway/supergraph.graphql', import.meta.url),
      'utf8',
    );
    const fields = buildSchema(apiSchemaFromSupergraph(supergraph)).getQueryType()!.getFields();
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining(['vehicles', 'roadSegments', 'citySummary']),
    );
  });
});
