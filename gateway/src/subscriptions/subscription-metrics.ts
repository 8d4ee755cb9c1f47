import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface SubscriptionMetrics {
  readonly sockets: Gauge;
  readonly clientOperations: Gauge;
  readonly upstreamOperations: Gauge;
  readonly events: Counter<'field'>;
  readonly frames: Counter;
  readonly conflated: Counter;
  readonly dropped: Counter<'stage'>;
  readonly refused: Counter<'code'>;
  readonly upstreamConnects: Counter<'subgraph' | 'retry'>;
  readonly eventDuration: Histogram<'field'>;
}

/** Subscription metrics on the gateway's registry (served by its /metrics). */
export function createSubscriptionMetrics(registry: Registry): SubscriptionMetrics {
  const registers = [registry];
  return {
    sockets: new Gauge({
      name: 'gateway_subscription_sockets',
      help: 'Open graphql-ws client sockets',
      registers,
    }),
    clientOperations: new Gauge({
      name: 'gateway_subscription_client_operations',
      help: 'Active client subscriptions (one per socket and operation id)',
      registers,
    }),
    upstreamOperations: new Gauge({
      name: 'gateway_subscription_upstream_operations',
      help: 'Shared upstream subscriptions to subgraphs (identical client subscriptions share one)',
      registers,
    }),
    events: new Counter({
      name: 'gateway_subscription_events_total',
      help: 'Upstream events executed (once per shared subscription), by root field',
      labelNames: ['field'],
      registers,
    }),
    frames: new Counter({
      name: 'gateway_subscription_frames_sent_total',
      help: 'next frames written to client sockets',
      registers,
    }),
    conflated: new Counter({
      name: 'gateway_subscription_frames_conflated_total',
      help: 'Queued frames replaced by a newer frame of the same subscription (slow sockets)',
      registers,
    }),
    dropped: new Counter({
      name: 'gateway_subscription_frames_dropped_total',
      help: 'Frames dropped oldest-first: stage socket (full per-socket queue) or upstream (events behind)',
      labelNames: ['stage'],
      registers,
    }),
    refused: new Counter({
      name: 'gateway_subscription_connections_closed_total',
      help: 'Client sockets closed by the gateway, by close code (4403 refused, 4401 expired, ...)',
      labelNames: ['code'],
      registers,
    }),
    upstreamConnects: new Counter({
      name: 'gateway_subscription_upstream_connects_total',
      help: 'graphql-ws connections to subgraphs (retry=true after a subgraph restart)',
      labelNames: ['subgraph', 'retry'],
      registers,
    }),
    eventDuration: new Histogram({
      name: 'gateway_subscription_event_duration_seconds',
      help: 'Per upstream event: entity fetches to other subgraphs, shaping and serialisation',
      labelNames: ['field'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
  };
}
