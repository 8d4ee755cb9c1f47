import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { measureOperation, queryTooComplex, type QueryMeasure } from './query-limits.js';

/** Distinct variable sets remembered per operation whose list sizes come from variables. */
const MAX_VARIABLE_SETS = 100;

type OperationMeasures = { fixed?: QueryMeasure; byVariables?: Map<string, QueryMeasure> };

/**
 * Measures an operation once per parsed document (Apollo Server keeps one DocumentNode per
 * query text), not on every request: nodes are keys of WeakMaps, so dropped documents and a
 * replaced schema free their entries. When a list size comes from a variable the measure is
 * remembered per variables value.
 */
export function createOperationMeasurer() {
  const bySchema = new WeakMap<
    GraphQLSchema,
    WeakMap<OperationDefinitionNode, OperationMeasures>
  >();
  return (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): QueryMeasure => {
    let byOperation = bySchema.get(schema);
    if (!byOperation) bySchema.set(schema, (byOperation = new WeakMap()));
    let entry = byOperation.get(operation);
    if (!entry) byOperation.set(operation, (entry = {}));
    if (entry.fixed) return entry.fixed;
    const key = entry.byVariables ? JSON.stringify(variables) : '';
    const known = entry.byVariables?.get(key);
    if (known) return known;

    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const m = measureOperation(schema, operation, fragments, variables);
    if (!m.usesVariables) {
      entry.fixed = m;
    } else {
      entry.byVariables ??= new Map();
      if (entry.byVariables.size >= MAX_VARIABLE_SETS) entry.byVariables.clear();
      entry.byVariables.set(key || JSON.stringify(variables), m);
    }
    return m;
  };
}

/** Refuses operations deeper or costlier than the limits before any subgraph is called. */
export function queryLimitsPlugin(limits: {
  maxDepth: number;
  maxCost: number;
}): ApolloServerPlugin {
  const measure = createOperationMeasurer();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const m = measure(schema, document, operation, request.variables ?? {});
          if (m.depth > limits.maxDepth) {
            throw queryTooComplex(
              `query depth ${m.depth} exceeds the maximum of ${limits.maxDepth}`,
            );
          }
          if (m.cost > limits.maxCost) {
            throw queryTooComplex(
              `query cost ${m.cost} exceeds the maximum of ${limits.maxCost}; request fewer items`,
            );
          }
        },
      };
    },
  };
}
