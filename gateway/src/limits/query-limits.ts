import {
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

// The schema comes from @apollo/gateway, which loads graphql's CommonJS build while this module
// gets the ES build: graphql's instanceof-based predicates (isListType...) reject the other
// build's objects, so types are inspected structurally.
type AnyType = {
  ofType?: AnyType;
  getFields?: () => Record<string, GraphQLField<unknown, unknown>>;
  toString(): string;
};

function unwrapNonNull(type: AnyType): AnyType {
  return String(type).endsWith('!') && type.ofType ? type.ofType : type;
}

function namedType(type: AnyType): AnyType {
  let t = type;
  while (t.ofType) t = t.ofType;
  return t;
}

export interface QueryMeasure {
  readonly depth: number;
  readonly cost: number;
  /** Whether a list size came from a variable (the measure then holds for these variables only). */
  readonly usesVariables?: boolean;
}

/** Items a list field is assumed to return when no `first`/`limit` argument bounds it. */
export const DEFAULT_LIST_SIZE = 20;

/** Arguments that bound how many items a list field returns (`minutes`: one item per minute). */
const SIZE_ARGUMENTS = ['first', 'limit', 'minutes'];

/** Whether the list-size arguments of a field (first, limit, minutes, filter.limit) read a variable. */
function sizeReadsVariable(field: FieldNode): boolean {
  for (const a of field.arguments ?? []) {
    const name = a.name.value;
    if (!SIZE_ARGUMENTS.includes(name) && name !== 'filter') continue;
    if (a.value.kind === Kind.VARIABLE) return true;
    if (name === 'filter' && a.value.kind === Kind.OBJECT) {
      const limit = a.value.fields.find((f) => f.name.value === 'limit');
      if (limit?.value.kind === Kind.VARIABLE) return true;
    }
  }
  return false;
}

function listSize(args: Record<string, unknown>): number | null {
  for (const name of SIZE_ARGUMENTS)
    if (typeof args[name] === 'number') return args[name] as number;
  const filter = args.filter as Record<string, unknown> | undefined;
  if (filter && typeof filter.limit === 'number') return filter.limit;
  return null;
}

/**
 * Depth (nesting of selection sets) and a static cost: each field costs 1, and a list field
 * multiplies its subtree by its `first`/`limit`/`minutes`/`filter.limit` argument or that
 * argument's default (else DEFAULT_LIST_SIZE). Connection `edges` inherit the size of their connection field.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): QueryMeasure {
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, cost: 0 };
  let usesVariables = false;

  function walk(
    set: SelectionSetNode,
    type: GraphQLOutputType,
    depth: number,
    inherited: number,
    seen: Set<string>,
  ): QueryMeasure {
    let maxDepth = depth;
    let cost = 0;
    const named = namedType(type as unknown as AnyType);
    const fields = typeof named.getFields === 'function' ? named.getFields() : {};
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const def = fields[sel.name.value];
        if (!def) continue;
        if (!usesVariables && sizeReadsVariable(sel)) usesVariables = true;
        // Defaults count: `history` without `minutes` returns its default 60 items.
        const args: Record<string, unknown> = {};
        for (const a of (def as { args?: readonly { name: string; defaultValue?: unknown }[] })
          .args ?? [])
          if (a.defaultValue !== undefined) args[a.name] = a.defaultValue;
        for (const a of sel.arguments ?? [])
          args[a.name.value] = valueFromASTUntyped(a.value, variables);
        const nullable = unwrapNonNull(def.type as unknown as AnyType);
        const size = listSize(args);
        const multiplier = String(nullable).startsWith('[')
          ? (size ?? (sel.name.value === 'edges' ? inherited : DEFAULT_LIST_SIZE))
          : 1;
        if (sel.selectionSet) {
          const child = walk(sel.selectionSet, def.type, depth + 1, size ?? inherited, seen);
          maxDepth = Math.max(maxDepth, child.depth);
          cost += multiplier * (1 + child.cost);
        } else {
          cost += 1;
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const target = sel.typeCondition
          ? (schema.getType(sel.typeCondition.name.value) as GraphQLOutputType)
          : type;
        const child = walk(sel.selectionSet, target ?? type, depth, inherited, seen);
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      } else {
        const name = sel.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        const target = schema.getType(fragment.typeCondition.name.value) as GraphQLOutputType;
        const child = walk(
          fragment.selectionSet,
          target ?? type,
          depth,
          inherited,
          new Set([...seen, name]),
        );
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      }
    }
    return { depth: maxDepth, cost };
  }

  const m = walk(operation.selectionSet, root, 1, DEFAULT_LIST_SIZE, new Set());
  return { ...m, usesVariables };
}

export function queryTooComplex(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });
}
