// Smoke of `npm run bench` and `npm run chaos` so they cannot rot: one stack (the dev Kafka and
// S3 with random topic names and S3 prefix; its own redis-server and database), a 10 s benchmark
// at 500 events/s, then two cheap faults with the exact accounting after each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBench } from '../src/run-bench.js';
import { runChaos } from '../src/run-chaos.js';
import { startBenchStack, type BenchStack } from '../src/stack/bench-stack.js';

const quiet = () => undefined;
let stack: BenchStack;

beforeAll(async () => {
  stack = await startBenchStack({ infra: 'shared', parquetMaxAgeMs: 2_000, say: quiet });
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
});
