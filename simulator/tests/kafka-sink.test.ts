import type { CompressionTypes, Producer, ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_EVENTS } from '@city/contracts';
import { KafkaSink } from '../src/kafka-sink.js';

/** A producer whose first `failures` sendBatch calls fail, as while a broker restarts. */
function flakyProducer(failures: number) {
  const sent: ProducerBatch[] = [];
  let calls = 0;
  const producer = {
    async sendBatch(batch: ProducerBatch) {
      calls++;
      if (calls <= failures) throw new Error('Connection error: ECONNREFUSED');
      sent.push(batch);
      return [];
    },
  } as unknown as Producer;
  return { producer, sent, calls: () => calls };
}

function sink(producer: Producer, retryForMs: number) {
  let clock = 0;
  return new KafkaSink({
    producer,
    topicName: (t) => t,
    compression: 0 as CompressionTypes,
    batchSize: 1000,
    maxInFlight: 2,
    validate: true,
    retryForMs,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });
}

describe('KafkaSink', () => {
  it('rides out a broker restart: the batch is retried and acknowledged', async () => {
    const flaky = flakyProducer(4);
    const s = sink(flaky.producer, 60_000);
    s.emit('gps_data', EXAMPLE_EVENTS.gps_data);
    await s.drain();
    expect(flaky.sent).toHaveLength(1);
    expect(s.ackedTotal).toBe(1);
    expect(s.retries).toBe(4);
  });

  it('gives up after the retry window and reports the failure', async () => {
    const flaky = flakyProducer(Number.POSITIVE_INFINITY);
    const s = sink(flaky.producer, 2_000);
    s.emit('gps_data', EXAMPLE_EVENTS.gps_data);
    await expect(s.drain()).rejects.toThrow(/producing to Kafka failed/);
    expect(s.ackedTotal).toBe(0);
  });
});
