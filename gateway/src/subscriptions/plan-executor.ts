import type { FetchNode, PlanNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GraphQLFormattedError } from 'graphql';

type Json = Record<string, unknown>;

/** Sends one operation to a subgraph (HTTP POST with the gateway secret and caller claims). */
export type SubgraphFetcher = (
  serviceName: string,
  body: { query: string; variables: Json },
) => Promise<{ data?: Json | null; errors?: readonly GraphQLFormattedError[] }>;

/** The values at `path` ('@' = every list element, '... on T' = only objects of type T). */
export function collectAtPath(value: unknown, path: readonly (string | number)[]): Json[] {
  if (value === null || value === undefined) return [];
  if (path.length === 0) {
    if (Array.isArray(value)) return value.flatMap((v) => collectAtPath(v, path));
    return typeof value === 'object' ? [value as Json] : [];
  }
  const [head, ...tail] = path;
  if (head === '@') {
    return Array.isArray(value) ? value.flatMap((v) => collectAtPath(v, tail)) : [];
  }
  if (typeof head === 'string' && head.startsWith('... on ')) {
    const type = head.slice('... on '.length);
    const typed = value as Json;
    return typed.__typename === undefined || typed.__typename === type
      ? collectAtPath(value, tail)
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((v) => collectAtPath(v, path));
  return collectAtPath((value as Json)[head as string], tail);
}

/** The representation of an entity: its fields selected by the fetch's `requires`. */
export function selectRequires(
  entity: Json,
  selections: readonly QueryPlanSelectionNode[],
): Json | null {
  const out: Json = {};
  for (const s of selections) {
    if (s.kind === 'InlineFragment') {
      if (s.typeCondition && entity.__typename !== s.typeCondition) continue;
      Object.assign(out, selectRequires(entity, s.selections));
      continue;
    }
    const name = s.alias ?? s.name;
    const value = entity[name];
    if (value === undefined) continue;
    out[name] =
      s.selections && value !== null && typeof value === 'object'
        ? Array.isArray(value)
          ? value.map((v) =>
              v && typeof v === 'object' ? selectRequires(v as Json, s.selections!) : v,
            )
          : selectRequires(value as Json, s.selections)
        : value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Deep-merges `source` into `target` (objects field by field, lists element by element). */
export function deepMerge(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(value)) {
      value.forEach((v, i) => {
        if (existing[i] && typeof existing[i] === 'object' && v && typeof v === 'object') {
          deepMerge(existing[i] as Json, v as Json);
        } else existing[i] = v;
      });
    } else if (
      existing &&
      typeof existing === 'object' &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      deepMerge(existing as Json, value as Json);
    } else target[key] = value;
  }
}

function pick(variables: Json, usages: readonly string[] | undefined): Json {
  const out: Json = {};
  for (const name of usages ?? []) if (name in variables) out[name] = variables[name];
  return out;
}

/**
 * Executes the `rest` of a subscription plan on one event's data: Sequence, Parallel, Flatten,
 * Condition and entity Fetches (`_entities` with representations built from `requires`),
 * merging results into `data` in place. Errors are collected, as the gateway does for queries.
 */
export async function executePlanNode(
  node: PlanNode,
  data: Json,
  variables: Json,
  fetcher: SubgraphFetcher,
  errors: GraphQLFormattedError[],
  path: readonly (string | number)[] = [],
): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes)
        await executePlanNode(child, data, variables, fetcher, errors, path);
      return;
    case 'Parallel':
      await Promise.all(
        node.nodes.map((child) => executePlanNode(child, data, variables, fetcher, errors, path)),
      );
      return;
    case 'Flatten':
      await executePlanNode(node.node, data, variables, fetcher, errors, [...path, ...node.path]);
      return;
    case 'Condition': {
      const on = Boolean(variables[node.condition]);
      const branch = on ? node.ifClause : node.elseClause;
      if (branch) await executePlanNode(branch, data, variables, fetcher, errors, path);
      return;
    }
    case 'Fetch':
      await executeFetch(node, data, variables, fetcher, errors, path);
      return;
    default:
      errors.push({ message: `plan node ${node.kind} is not supported in subscriptions` });
  }
}

async function executeFetch(
  node: FetchNode,
  data: Json,
  variables: Json,
  fetcher: SubgraphFetcher,
  errors: GraphQLFormattedError[],
  path: readonly (string | number)[],
): Promise<void> {
  const vars = pick(variables, node.variableUsages);
  if (!node.requires) {
    const result = await fetcher(node.serviceName, { query: node.operation, variables: vars });
    if (result.errors) errors.push(...result.errors);
    if (result.data) deepMerge(data, result.data);
    return;
  }
  const entities: Json[] = [];
  const representations: Json[] = [];
  for (const entity of collectAtPath(data, path)) {
    const rep = selectRequires(entity, node.requires);
    if (!rep) continue;
    entities.push(entity);
    representations.push(rep);
  }
  if (representations.length === 0) return;
  const result = await fetcher(node.serviceName, {
    query: node.operation,
    variables: { ...vars, representations },
  });
  if (result.errors) errors.push(...result.errors.map((e) => ({ ...e, path: undefined })));
  const fetched = (result.data?._entities ?? []) as (Json | null)[];
  fetched.forEach((value, i) => {
    if (value && entities[i]) deepMerge(entities[i]!, value);
  });
}
