import { describe, expect, it } from 'vitest';
import { describeGatewayBreakdown, gatewayBreakdown } from './gateway-breakdown.js';
import { parseHistograms } from './prom-histograms.js';

// A gateway scrape after `n` fast and `n` slow requests and `gc` minor collections of 2 ms.
const scrape = (n: number, gc: number) =>
  parseHistograms(`gateway_http_request_duration_seconds_bucket{le="0.005",route="/graphql"} ${n}
gateway_http_request_duration_seconds_bucket{le="0.1",route="/graphql"} ${2 * n}
gateway_http_request_duration_seconds_bucket{le="+Inf",route="/graphql"} ${2 * n}
gateway_http_request_duration_seconds_sum{route="/graphql"} ${n * 0.05}
gateway_http_request_duration_seconds_count{route="/graphql"} ${2 * n}
gateway_http_request_duration_seconds_bucket{le="0.005",route="/health"} 7
gateway_http_request_duration_seconds_bucket{le="+Inf",route="/health"} 7
gateway_http_request_duration_seconds_count{route="/health"} 7
gateway_nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 0
gateway_nodejs_gc_duration_seconds_bucket{le="+Inf",kind="minor"} ${gc}
gateway_nodejs_gc_duration_seconds_sum{kind="minor"} ${gc * 0.002}
gateway_nodejs_gc_duration_seconds_count{kind="minor"} ${gc}
`);

describe('gatewayBreakdown', () => {
  it('counts only what the window added, for POST /graphql and each GC kind', () => {
    const g = gatewayBreakdown(scrape(100, 10), scrape(300, 60));
    expect(g.graphqlMs.n).toBe(400);
    // Half the window's requests at or below 5 ms, the other half in (5, 100] ms.
    expect(g.graphqlMs.p50).toBe(5);
    expect(g.graphqlMs.p99).toBeGreaterThan(90);
    expect(g.gcMs).toEqual({ minor: { count: 50, totalMs: 100 } });
    expect(describeGatewayBreakdown(g)).toContain('p50/p99 5/');
  });

  it('takes a restarted gateway (no earlier scrape) as the whole window', () => {
    expect(gatewayBreakdown(undefined, scrape(5, 1)).graphqlMs.n).toBe(10);
  });
});
