import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import { measureOperation, queryTooComplex } from './query-limits.js';

/** Refuses operations deeper or costlier than the limits before any subgraph is called. */
export function queryLimitsPlugin(limits: {
  maxDepth: number;
  maxCost: number;
}): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions)
            if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          const m = measureOperation(schema, operation, fragments, request.variables ?? {});
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
