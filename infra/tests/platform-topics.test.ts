import { TOPICS, TOPIC_NAMES } from '@city/contracts';
import { describe, expect, it } from 'vitest';
import { platformTopics } from '../src/kafka/ensure-topics.js';

describe('platformTopics', () => {
  it('lists every contract topic and its DLQ with the default partitions', () => {
    const topics = platformTopics();
    expect(topics).toHaveLength(TOPIC_NAMES.length * 2);
    expect(topics).toContainEqual({
      topic: 'gps_data',
      numPartitions: TOPICS.gps_data.defaultPartitions,
    });
    expect(topics).toContainEqual({
      topic: 'gps_data.dlq',
      numPartitions: TOPICS.gps_data.defaultPartitions,
    });
    expect(topics).toContainEqual({ topic: 'dispatch_commands.dlq', numPartitions: 3 });
  });

  it('applies the global override, then the per-topic one', () => {
    const topics = platformTopics({ kafkaPartitions: 1, topicPartitions: { gps_data: 12 } });
    const counts = Object.fromEntries(topics.map((t) => [t.topic, t.numPartitions]));
    expect(counts['gps_data']).toBe(12);
    expect(counts['gps_data.dlq']).toBe(12);
    expect(counts['weather_data']).toBe(1);
    expect(counts['vehicle_data.dlq']).toBe(1);
  });
});
