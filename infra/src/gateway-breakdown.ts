import {
  percentiles,
  snapshotDelta,
  type HistogramSnapshot,
  type Percentiles,
} from './prom-histograms.js';

/** The gateway's own view of a measured window: its time per request and its pauses. */
export interface GatewayBreakdown {
  /** POST /graphql, from request to response end inside the gateway, ms. */
  readonly graphqlMs: Percentiles;
  /** Garbage collection pauses by kind (major, minor, incremental, weakcb), ms. */
  readonly gcMs: Record<string, { readonly count: number; readonly totalMs: number }>;
}

export function gatewayBreakdown(
  before: HistogramSnapshot | undefined,
  after: HistogramSnapshot,
): GatewayBreakdown {
  const gcMs: Record<string, { count: number; totalMs: number }> = {};
  for (const key of after.keys()) {
    const m = /^gateway_nodejs_gc_duration_seconds\{kind="([^"]+)"\}$/.exec(key);
    if (!m) continue;
    const d = snapshotDelta(before, after, key);
    gcMs[m[1]!] = { count: d.count, totalMs: Math.round(d.sum * 1000) };
  }
  return {
    graphqlMs: percentiles(
      snapshotDelta(before, after, 'gateway_http_request_duration_seconds{route="/graphql"}'),
      1000,
    ),
    gcMs,
  };
}

/** One line: the gateway's own p50/p99 for /graphql and its GC pauses. */
export function describeGatewayBreakdown(g: GatewayBreakdown): string {
  const gc = Object.entries(g.gcMs)
    .map(([kind, v]) => `${kind} ${v.count}× ${v.totalMs} ms`)
    .join(', ');
  return `gateway (its own view, ms): POST /graphql p50/p99 ${g.graphqlMs.p50}/${g.graphqlMs.p99} (${g.graphqlMs.n} requests); GC ${gc}`;
}
