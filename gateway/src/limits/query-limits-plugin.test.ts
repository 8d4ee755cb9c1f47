import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createOperationMeasurer } from './query-limits-plugin.js';

const schema = buildSchema(`
  input Filter { limit: Int, name: String }
  type Item { id: ID, children(first: Int): [Item] }
  type Query { items(filter: Filter): [Item] }
`);

function op(query: string) {
  const document = parse(query);
  return { document, operation: document.definitions[0] as OperationDefinitionNode };
}

describe('createOperationMeasurer', () => {
  it('measures a document once when no list size comes from a variable', () => {
    const measure = createOperationMeasurer();
    const { document, operation } = op(
      'query Q($n: String) { items(filter: { limit: 5, name: $n }) { id } }',
    );
    const first = measure(schema, document, operation, { n: 'a' });
    expect(first).toMatchObject({ depth: 2, cost: 10, usesVariables: false });
    expect(measure(schema, document, operation, { n: 'b' })).toBe(first);
  });

  it('measures per variables value when a list size is a variable', () => {
    const measure = createOperationMeasurer();
    const { document, operation } = op(
      'query Q($l: Int, $f: Int) { items(filter: { limit: $l }) { children(first: $f) { id } } }',
    );
    const small = measure(schema, document, operation, { l: 2, f: 3 });
    const large = measure(schema, document, operation, { l: 10, f: 3 });
    expect(small.cost).toBe(2 * (1 + 3 * (1 + 1)));
    expect(large.cost).toBe(10 * (1 + 3 * (1 + 1)));
    expect(measure(schema, document, operation, { l: 2, f: 3 })).toBe(small);
  });

  it('treats a whole filter variable as variable', () => {
    const measure = createOperationMeasurer();
    const { document, operation } = op('query Q($f: Filter) { items(filter: $f) { id } }');
    expect(measure(schema, document, operation, { f: { limit: 1 } }).cost).toBe(2);
    expect(measure(schema, document, operation, { f: { limit: 50 } }).cost).toBe(100);
  });

  it("sizes a list by `minutes`, and by an argument's default when the query leaves it out", () => {
    const history = buildSchema(`
      type Point { at: String }
      type Query { history(minutes: Int = 60): [Point], recent(first: Int = 5): [Point] }
    `);
    const measure = createOperationMeasurer();
    const cost = (query: string) => {
      const { document, operation } = op(query);
      return measure(history, document, operation, {}).cost;
    };
    expect(cost('{ history(minutes: 180) { at } }')).toBe(180 * 2);
    expect(cost('{ history { at } }')).toBe(60 * 2);
    expect(cost('{ recent { at } }')).toBe(5 * 2);
  });

  it('keeps documents with the same text apart', () => {
    const measure = createOperationMeasurer();
    const a = op('{ items(filter: { limit: 4 }) { id } }');
    const b = op('{ items(filter: { limit: 4 }) { id children(first: 2) { id } } }');
    expect(measure(schema, a.document, a.operation, {}).cost).toBe(8);
    expect(measure(schema, b.document, b.operation, {}).cost).toBe(4 * (1 + 1 + 2 * (1 + 1)));
  });
});
