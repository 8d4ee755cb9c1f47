import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import {
  QueryPlanner,
  type FetchNode,
  type PlanNode,
  type SubscriptionNode,
} from '@apollo/query-planner';
import {
  GraphQLError,
  buildASTSchema,
  Kind,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { measureOperation, queryTooComplex } from '../limits/query-limits.js';

/** A planned subscription: the primary fetch runs as an upstream subscription, `rest` per event. */
export interface PlannedSubscription {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly primary: FetchNode;
  readonly rest: PlanNode | undefined;
  /** Response name of the (single) root field. */
  readonly rootField: string;
  readonly fieldName: string;
}

export interface SubscriptionPlanner {
  readonly apiSchema: GraphQLSchema;
  /** Parses, validates (API schema, depth/cost limits) and plans; throws GraphQLErrors. */
  plan(
    query: string,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ): PlannedSubscription;
}

export class OperationErrors extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/**
 * The federation query planner over the supergraph: subscriptions are planned like any
 * operation (`SubscriptionNode { primary, rest }`), so every Subscription field of every subgraph
 * works with fields of all subgraphs and nothing is written per field. Plans are cached by
 * document and operation name.
 */
export function createSubscriptionPlanner(
  supergraphSdl: string,
  limits: { maxDepth: number; maxCost: number },
): SubscriptionPlanner {
  const supergraph = Supergraph.build(supergraphSdl);
  const planner = new QueryPlanner(supergraph);
  // Rebuilt from its AST: federation-internals is CommonJS and would hand over a schema of the
  // other `graphql` module instance (ESM and CJS builds do not accept each other's objects).
  const apiSchema = buildASTSchema(supergraph.apiSchema().toAST());
  const cache = new Map<string, PlannedSubscription>();

  function build(query: string, operationName: string | undefined): PlannedSubscription {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      throw new OperationErrors([error as GraphQLError]);
    }
    const errors = validate(apiSchema, document);
    if (errors.length > 0) throw new OperationErrors(errors);
    const operation = getOperationAST(document, operationName);
    if (!operation) throw new OperationErrors([new GraphQLError('Unable to identify operation')]);
    if (operation.operation !== 'subscription') {
      throw new OperationErrors([
        new GraphQLError('only subscriptions are served over WebSocket; use HTTP POST /graphql'),
      ]);
    }
    const plan = planner.buildQueryPlan(
      operationFromDocument(supergraph.schema, document, {
        ...(operationName ? { operationName } : {}),
      }),
    );
    const node = plan.node as SubscriptionNode | undefined;
    if (!node || node.kind !== 'Subscription') {
      throw new OperationErrors([new GraphQLError('the operation did not plan as a subscription')]);
    }
    const root = operation.selectionSet.selections[0];
    if (!root || root.kind !== Kind.FIELD) {
      throw new OperationErrors([new GraphQLError('a subscription selects one root field')]);
    }
    return {
      document,
      operation,
      primary: node.primary,
      rest: node.rest,
      rootField: root.alias?.value ?? root.name.value,
      fieldName: root.name.value,
    };
  }

  return {
    apiSchema,
    plan(query, operationName, variables) {
      const cacheKey = `${operationName ?? ''}\u0000${query}`;
      let planned = cache.get(cacheKey);
      if (!planned) {
        planned = build(query, operationName);
        if (cache.size > 1000) cache.clear();
        cache.set(cacheKey, planned);
      }
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of planned.document.definitions)
        if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      const m = measureOperation(apiSchema, planned.operation, fragments, variables);
      if (m.depth > limits.maxDepth) {
        throw new OperationErrors([
          queryTooComplex(`query depth ${m.depth} exceeds the maximum of ${limits.maxDepth}`),
        ]);
      }
      if (m.cost > limits.maxCost) {
        throw new OperationErrors([
          queryTooComplex(`query cost ${m.cost} exceeds the maximum of ${limits.maxCost}`),
        ]);
      }
      return planned;
    },
  };
}
