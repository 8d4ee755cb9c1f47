import type { Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '@city/log';
import { GATEWAY_SECRET_HEADER, USER_CLAIMS_HEADER, encodeClaims } from '@city/subgraph-kit';
import type { Authenticator } from '../auth/authenticate.js';
import { attachGatewayWsServer, type GatewayWsServer } from './gateway-ws-server.js';
import type { SubgraphFetcher } from './plan-executor.js';
import { createSharedSubscriptions, type SharedSubscriptions } from './shared-subscriptions.js';
import type { SenderLimits } from './socket-sender.js';
import { createSubscriptionMetrics, type SubscriptionMetrics } from './subscription-metrics.js';
import { createSubscriptionPlanner } from './subscription-planner.js';
import { createUpstreamClients } from './upstream-clients.js';

/** Root fields whose frames conflate for a slow socket: each frame is a complete update. */
export const CONFLATE_FIELDS: ReadonlySet<string> = new Set([
  'vehiclesMoved',
  'vehicleMoved',
  'citySummaryTick',
]);

export const DEFAULT_SENDER_LIMITS: SenderLimits = { highWaterBytes: 256 * 1024, queueLimit: 64 };

export interface GatewaySubscriptionsOptions {
  readonly httpServer: Server;
  readonly supergraphSdl: string;
  readonly subgraphUrls: Record<string, string>;
  readonly gatewaySecret: string;
  readonly authenticator: Authenticator;
  readonly registry: Registry;
  readonly log: Logger;
  readonly maxDepth: number;
  readonly maxCost: number;
  readonly senderLimits?: SenderLimits;
  readonly keepAliveMs?: number;
  readonly conflateFields?: ReadonlySet<string>;
}

export interface GatewaySubscriptions {
  readonly ws: GatewayWsServer;
  readonly shared: SharedSubscriptions;
  readonly metrics: SubscriptionMetrics;
  close(): Promise<void>;
}

/**
 * Live federated subscriptions on the gateway's HTTP server: graphql-ws on `/graphql`, planned
 * by the federation query planner, primary fetch streamed from the owning subgraph, entity
 * fetches per event, deduplicated across identical subscriptions. Nothing is shared between
 * gateway processes, so instances run side by side.
 */
export function attachGatewaySubscriptions(
  options: GatewaySubscriptionsOptions,
): GatewaySubscriptions {
  const log = options.log.child({ component: 'subscriptions' });
  const metrics = createSubscriptionMetrics(options.registry);
  const planner = createSubscriptionPlanner(options.supergraphSdl, options);
  const upstream = createUpstreamClients({
    subgraphUrls: options.subgraphUrls,
    gatewaySecret: options.gatewaySecret,
    log,
    onConnected: (subgraph, retry) =>
      metrics.upstreamConnects.inc({ subgraph, retry: String(retry) }),
  });
  const fetcher =
    (claims: Parameters<typeof encodeClaims>[0]): SubgraphFetcher =>
    async (serviceName, body) => {
      const url = options.subgraphUrls[serviceName];
      if (!url) return { errors: [{ message: `no URL configured for subgraph ${serviceName}` }] };
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [GATEWAY_SECRET_HEADER]: options.gatewaySecret,
            [USER_CLAIMS_HEADER]: encodeClaims(claims),
          },
          body: JSON.stringify(body),
        });
        return (await res.json()) as Awaited<ReturnType<SubgraphFetcher>>;
      } catch (error) {
        return {
          errors: [
            {
              message: `subgraph ${serviceName} unavailable: ${(error as Error).message}`,
              extensions: { code: 'DEPENDENCY_UNAVAILABLE' },
            },
          ],
        };
      }
    };
  const shared = createSharedSubscriptions({
    apiSchema: planner.apiSchema,
    upstream: (name) => upstream.get(name),
    fetcher,
    metrics,
    log,
    conflateFields: options.conflateFields ?? CONFLATE_FIELDS,
  });
  const ws = attachGatewayWsServer({
    httpServer: options.httpServer,
    authenticator: options.authenticator,
    planner,
    shared,
    metrics,
    log,
    limits: options.senderLimits ?? DEFAULT_SENDER_LIMITS,
    ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
  });
  return {
    ws,
    shared,
    metrics,
    async close() {
      await ws.close();
      shared.close();
      await upstream.close();
    },
  };
}
