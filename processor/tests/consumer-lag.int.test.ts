// processor_consumer_lag is the group's real distance to the end of each partition, also while the
// consumer makes no progress (it read 0 while the group was far behind: docs/chaos.md finding 6).
import { randomUUID } from 'node:crypto';
import { encodeEvent, type TopicName } from '@city/contracts';
import { waitFor } from '@city/infra';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../src/runtime/create-processor.js';
import { createTestEnv, startTestProcessor, type TestEnv } from './harness.js';

const TOPICS: TopicName[] = ['air_quality_data', 'weather_data'];

describe('processor_consumer_lag', () => {
  let env: TestEnv;
  let processor: Processor | undefined;
  let producer: Producer;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    env = await createTestEnv(2, TOPICS);
    producer = env.kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    release();
    await processor?.stop();
    await producer?.disconnect();
    if (env) {
      await env.cleanup();
    }
  });

  const reading = (stationId: string, i: number) =>
    encodeEvent('air_quality_data', {
      schemaVersion: 1,
      eventId: randomUUID(),
      timestamp: new Date(Date.now() - 60_000 + i).toISOString(),
      source: 'test',
      stationId,
      latitude: 37.76,
      longitude: -122.42,
      pm25UgPerM3: 10,
      pm10UgPerM3: 20,
      o3Ppb: 30,
      no2Ppb: 20,
      coPpm: 0.4,
      noiseDbA: 50,
    });

  async function lagByPartition(): Promise<Map<string, number>> {
    await processor!.consumers[0]!.refreshLag();
    const { values } = await processor!.metrics.consumerLag.get();
    return new Map(
      values
        .filter((v) => v.labels.domain === 'environment' && v.labels.topic === 'air_quality_data')
        .map((v) => [String(v.labels.partition), v.value]),
    );
  }

  it('counts every message produced while the consumer is stuck, and 0 once it caught up', async () => {
    // PostgreSQL hangs: no batch completes, nothing is committed.
    processor = startTestProcessor(env, {
      config: { domains: ['environment'] },
      wrapSinks: (sinks) => ({
        ...sinks,
        postgres: { write: async (writes) => gate.then(() => sinks.postgres.write(writes)) },
      }),
    });
    await processor.start();
    for (let round = 0; round < 3; round++) {
      await producer.send({
        topic: env.physical('air_quality_data'),
        messages: Array.from({ length: 40 }, (_, i) => reading(`aq-${i % 7}`, round * 40 + i)),
      });
    }
    // Per partition: everything in it (nothing was committed).
    const sent = new Map<string, number>();
    const admin = env.kafka.admin();
    await admin.connect();
    for (const p of await admin.fetchTopicOffsets(env.physical('air_quality_data')))
      sent.set(String(p.partition), Number(p.high));
    await admin.disconnect();
    expect([...sent.values()].reduce((a, b) => a + b, 0)).toBe(120);

    await waitFor(
      async () => {
        const lag = await lagByPartition();
        return [...sent].every(([p, n]) => lag.get(p) === n);
      },
      { timeoutMs: 20_000 },
    );

    release();
    await waitFor(
      async () => {
        const lag = await lagByPartition();
        return [...sent.keys()].every((p) => lag.get(p) === 0);
      },
      { timeoutMs: 30_000 },
    );
  }, 90_000);
});
