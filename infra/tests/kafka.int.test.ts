import { Partitioners, type Admin, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '../src/config.js';
import { createKafka } from '../src/kafka/create-kafka.js';
import { ensureTopics } from '../src/kafka/ensure-topics.js';
import { uniqueName, waitFor } from '../src/testing.js';

const config = loadInfraConfig(process.env, { warn: () => {} });

describe('Kafka', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];
  const groups: string[] = [];

  beforeAll(async () => {
    kafka = createKafka(config, { clientId: uniqueName('infra-test') });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => {});
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  it('delivers a produced message to a consumer group', async () => {
    const topic = uniqueName('infra-roundtrip');
    const groupId = uniqueName('infra-group');
    topics.push(topic);
    groups.push(groupId);
    await ensureTopics(admin, [{ topic, numPartitions: 2 }]);

    const received: { key: string; value: string; header: string; partition: number }[] = [];
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        received.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          header: message.headers?.trace?.toString() ?? '',
          partition,
        });
      },
    });

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [{ key: 'vehicle-7', value: '{"speedKmh":42}', headers: { trace: 't-1' } }],
      });
      const [message] = await waitFor(() => received.length > 0 && received, {
        timeoutMs: 30_000,
        description: 'the consumer group to receive the message',
      });
      expect(message).toMatchObject({ key: 'vehicle-7', value: '{"speedKmh":42}', header: 't-1' });
    } finally {
      await producer.disconnect();
      await consumer.disconnect();
    }

    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]!.partitions.map((p) => Number(p.offset)).filter((o) => o > 0);
    expect(committed).toEqual([1]);
  });

  it('ensureTopics creates, leaves alone and grows topics', async () => {
    const a = uniqueName('infra-ensure-a');
    const b = uniqueName('infra-ensure-b');
    topics.push(a, b);

    const first = await ensureTopics(admin, [{ topic: a, numPartitions: 2 }]);
    expect(first.created).toEqual([a]);

    const second = await ensureTopics(admin, [
      { topic: a, numPartitions: 3 },
      { topic: b, numPartitions: 1 },
    ]);
    expect(second).toEqual({ created: [b], grown: [a], unchanged: [], larger: [] });

    const third = await ensureTopics(admin, [
      { topic: a, numPartitions: 1 },
      { topic: b, numPartitions: 1 },
    ]);
    expect(third).toEqual({ created: [], grown: [], unchanged: [b], larger: [a] });

    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [a] });
    expect(metadata[0]!.partitions).toHaveLength(3);
  });
});
