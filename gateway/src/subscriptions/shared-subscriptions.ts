import { createHash } from 'node:crypto';
import type { Client } from 'graphql-ws';
import {
  execute,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { Logger } from '@city/log';
import { CLAIMS_EXTENSION, encodeClaims, type UserClaims } from '@city/subgraph-kit';
import { executePlanNode, type SubgraphFetcher } from './plan-executor.js';
import type { SubscriptionMetrics } from './subscription-metrics.js';
import type { PlannedSubscription } from './subscription-planner.js';

type Json = Record<string, unknown>;

/** A client subscription's sink: payloads arrive serialised once, shared by every subscriber. */
export interface Subscriber {
  next(payloadJson: string, conflate: boolean): void;
  /** The shared subscription ended (upstream completed or failed); errors as JSON or null. */
  complete(errorsJson: string | null): void;
}

export interface SharedSubscriptions {
  /** Joins (or starts) the shared subscription; returns the leave function. */
  subscribe(
    planned: PlannedSubscription,
    variables: Json,
    scope: UserClaims,
    subscriber: Subscriber,
  ): () => void;
  readonly size: number;
  close(): void;
}

export interface SharedSubscriptionsOptions {
  readonly apiSchema: GraphQLSchema;
  readonly upstream: (serviceName: string) => Client;
  readonly fetcher: (claims: UserClaims) => SubgraphFetcher;
  readonly metrics: SubscriptionMetrics;
  readonly log: Logger;
  /** Root fields whose frames may conflate in a slow socket's queue (latest wins). */
  readonly conflateFields: ReadonlySet<string>;
  /** Upstream events waiting for execution before the oldest is dropped. */
  readonly maxPendingEvents?: number;
}

/** Key of identical subscriptions: document, operation name, variables and auth scope. */
export function subscriptionKey(
  query: string,
  operationName: string | undefined,
  variables: Json,
  scope: UserClaims,
): string {
  return createHash('sha256')
    .update(JSON.stringify([query, operationName ?? null, canonical(variables), scopeOf(scope)]))
    .digest('base64url');
}

/** Auth scope: subscription resolvers may depend on the caller's kind and roles, not identity. */
export function scopeOf(user: UserClaims): string {
  return `${user.kind}:${[...new Set(user.roles)].sort().join(',')}`;
}

export function scopeClaims(user: UserClaims): UserClaims {
  return { sub: `scope:${scopeOf(user)}`, roles: [...new Set(user.roles)].sort(), kind: user.kind };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Json)
        .sort()
        .map((k) => [k, canonical((value as Json)[k])]),
    );
  }
  return value;
}

// Shapes the merged data to the client's operation: aliases are response names already.
const byResponseName: GraphQLFieldResolver<Json, unknown> = (source, _args, _ctx, info) =>
  source?.[info.path.key as string];

/**
 * Identical subscriptions share ONE upstream subscription and ONE execution per event: the
 * primary fetch streams from the owning subgraph, each event runs the plan's `rest` (entity
 * fetches to other subgraphs), is shaped to the operation and serialised once, and the same
 * string goes to every subscriber.
 */
export function createSharedSubscriptions(
  options: SharedSubscriptionsOptions,
): SharedSubscriptions {
  const { metrics, log } = options;
  const shared = new Map<string, ReturnType<typeof startShared>>();
  const maxPending = options.maxPendingEvents ?? 5000;

  function startShared(
    key: string,
    planned: PlannedSubscription,
    variables: Json,
    scope: UserClaims,
  ) {
    const subscribers = new Set<Subscriber>();
    const claims = scopeClaims(scope);
    const fetcher = options.fetcher(claims);
    const field = planned.fieldName;
    const conflate = options.conflateFields.has(field);
    const primaryVariables: Json = {};
    for (const name of planned.primary.variableUsages ?? [])
      if (name in variables) primaryVariables[name] = variables[name];
    const pending: ExecutionResult[] = [];
    let running = false;
    let ended = false;

    async function process(result: ExecutionResult) {
      const end = metrics.eventDuration.startTimer({ field });
      const errors = [...((result.errors ?? []) as unknown as GraphQLFormattedError[])];
      const data = (result.data ?? null) as Json | null;
      if (data && planned.rest) {
        await executePlanNode(planned.rest, data, variables, fetcher, errors);
      }
      let payload: Json;
      if (data) {
        const shaped = (await execute({
          schema: options.apiSchema,
          document: planned.document,
          rootValue: data,
          variableValues: variables,
          operationName: planned.operation.name?.value,
          fieldResolver: byResponseName,
        })) as ExecutionResult;
        const all = [...errors, ...(shaped.errors?.map((e) => e.toJSON()) ?? [])];
        payload = all.length > 0 ? { data: shaped.data, errors: all } : { data: shaped.data };
      } else payload = { data: null, errors };
      const json = JSON.stringify(payload);
      metrics.events.inc({ field });
      end();
      for (const s of subscribers) s.next(json, conflate);
    }

    async function pump() {
      if (running) return;
      running = true;
      try {
        while (pending.length > 0 && !ended) {
          try {
            await process(pending.shift()!);
          } catch (error) {
            log.error({ err: error, field }, 'subscription event failed');
          }
        }
      } finally {
        running = false;
      }
    }

    function finish(errorsJson: string | null) {
      if (ended) return;
      ended = true;
      shared.delete(key);
      metrics.upstreamOperations.dec();
      for (const s of subscribers) s.complete(errorsJson);
      subscribers.clear();
    }

    metrics.upstreamOperations.inc();
    const dispose = options.upstream(planned.primary.serviceName).subscribe(
      {
        query: planned.primary.operation,
        variables: primaryVariables,
        ...(planned.primary.operationName ? { operationName: planned.primary.operationName } : {}),
        extensions: { [CLAIMS_EXTENSION]: encodeClaims(claims) },
      },
      {
        next(result) {
          if (pending.length >= maxPending) {
            pending.shift();
            metrics.dropped.inc({ stage: 'upstream' });
          }
          pending.push(result as ExecutionResult);
          void pump();
        },
        error(error) {
          const errors = Array.isArray(error)
            ? error
            : [{ message: `subscription source failed: ${(error as Error)?.message ?? 'closed'}` }];
          log.warn({ field, errors }, 'upstream subscription failed');
          finish(JSON.stringify(errors));
        },
        complete() {
          // After the last queued event, so a final next (e.g. a validation error) arrives first.
          void pump().then(() => finish(null));
        },
      },
    );

    return {
      subscribers,
      add(s: Subscriber) {
        subscribers.add(s);
      },
      remove(s: Subscriber) {
        subscribers.delete(s);
        if (subscribers.size === 0 && !ended) {
          ended = true;
          shared.delete(key);
          metrics.upstreamOperations.dec();
          dispose();
        }
      },
    };
  }

  return {
    subscribe(planned, variables, scope, subscriber) {
      const key = subscriptionKey(
        planned.document.loc?.source.body ?? planned.primary.operation,
        planned.operation.name?.value,
        variables,
        scope,
      );
      let entry = shared.get(key);
      if (!entry) {
        entry = startShared(key, planned, variables, scope);
        shared.set(key, entry);
      }
      entry.add(subscriber);
      const joined = entry;
      return () => joined.remove(subscriber);
    },
    get size() {
      return shared.size;
    },
    close() {
      for (const entry of [...shared.values()]) {
        for (const s of [...entry.subscribers]) entry.remove(s);
      }
    },
  };
}
