// Smoke of `npm run bench` and `npm run chaos` so they cannot rot: one stack (the dev Kafka and
// S3 with random topic names and S3 prefix; its own redis-server and database), a 10 s benchmark
// at 500 events/s, then two cheap faults with the exact accounting after each. Hive Gateway (the
// `--peer hive` peer) starts beside our gateway; one check that it serves our federated graph.
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { viewerToken } from '../src/auth-token.js';
import { FEDERATED_QUERY } from '../src/load/query-clients.js';
import { runBench } from '../src/run-bench.js';
import { runChaos } from '../src/run-chaos.js';
import { startBenchStack, type BenchStack } from '../src/stack/bench-stack.js';

const quiet = () => undefined;

interface QueryResponse {
  data?: { vehicles: { roadSegment: { name: string | null } | null }[] };
  errors?: { extensions?: { code?: string } }[];
}
let stack: BenchStack;

beforeAll(async () => {
  stack = await startBenchStack({
    infra: 'shared',
    parquetMaxAgeMs: 2_000,
    say: quiet,
    peer: 'hive',
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 120_000);

describe('end-to-end smoke', () => {
  it('bench measures ingest, processing, subscriber and query latency', async () => {
    const result = await runBench(
      stack,
      { rate: 500, subscribers: 20, queryClients: 2, queryRate: 10, durationS: 10, warmupS: 4 },
      quiet,
    );
    expect(result.ingest.producedPerSecond).toBeGreaterThan(300);
    expect(result.ingest.gpsProcessedPerSecond).toBeGreaterThan(0);
    expect(result.subscriptions.produceToReceiveMs.n).toBeGreaterThan(0);
    expect(result.queries.latencyMs.n).toBeGreaterThan(0);
    expect(result.queries.failed).toBe(0);
    expect(result.processes.processor?.rssMaxMb).toBeGreaterThan(0);
    expect(result.redis.trackedVehicles).toBeGreaterThan(0);
  }, 120_000);

  it('chaos: kill -9 processor and a malformed flood lose and duplicate nothing', async () => {
    const results = await runChaos(
      stack,
      {
        rate: 500,
        faults: ['processor', 'malformed'],
        subscribers: 10,
        warmupS: 3,
        s3OutageS: 0,
        malformedCount: 50,
        recoveryTimeoutS: 60,
        incidentsPerHour: 12,
      },
      quiet,
    );
    for (const r of results) {
      expect(r.recoverS, r.fault).not.toBeNull();
      expect(r.check.problems, r.fault).toEqual([]);
      expect(r.check.parquetRows).toBe(r.check.expectedRows);
    }
    expect(results[1]!.check.dlq.messages).toBe(50);
  }, 300_000);

  it('Hive Gateway serves federated queries and subscriptions from our subgraphs', async () => {
    const token = await viewerToken();
    const hive = `127.0.0.1:${stack.peer!.port}/graphql`;
    const post = (authorization?: string) =>
      fetch(`http://${hive}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({
          query: FEDERATED_QUERY,
          variables: { bbox: { minLat: 37.7, minLon: -122.52, maxLat: 37.82, maxLon: -122.35 } },
        }),
      }).then(async (r) => (await r.json()) as QueryResponse);
    const ok = await post(`Bearer ${token}`);
    expect(ok.errors).toBeUndefined();
    // After the benchmark: vehicles (vehicles subgraph) with their road segment (traffic).
    expect(ok.data?.vehicles.length).toBeGreaterThan(0);
    expect(ok.data?.vehicles.some((v) => typeof v.roadSegment?.name === 'string')).toBe(true);
    const refused = await post();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // A federated subscription over graphql-ws (CitySummary: vehicles + traffic fields); the
    // first tick comes at once.
    const client = createClient({
      url: `ws://${hive}`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    try {
      const it = client.iterate({
        query: 'subscription { citySummaryTick(intervalMs: 1000) { totalVehicles averageSpeed } }',
      });
      const first = await it.next();
      expect(first.value?.errors).toBeUndefined();
      expect(first.value?.data?.citySummaryTick.totalVehicles).toBeGreaterThan(0);
      await it.return?.();
    } finally {
      await client.dispose();
    }
  }, 60_000);
});
