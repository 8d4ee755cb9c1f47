import { TOPICS, deadLetterTopic } from '@city/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicWanted {
  readonly topic: string;
  readonly numPartitions: number;
  readonly configEntries?: readonly { name: string; value: string }[];
}

export interface PartitionSettings {
  /** Partitions for every topic (KAFKA_PARTITIONS). */
  readonly kafkaPartitions?: number;
  /** Per topic, keyed by topic name (KAFKA_PARTITIONS_<TOPIC>). */
  readonly topicPartitions?: Readonly<Record<string, number>>;
}

/**
 * Every topic of the contracts plus its dead-letter topic. A DLQ has its topic's partition
 * count so a failed event keeps its key's partition order.
 */
export function platformTopics(settings: PartitionSettings = {}): TopicWanted[] {
  return Object.values(TOPICS).flatMap((spec) => {
    const numPartitions =
      settings.topicPartitions?.[spec.name] ?? settings.kafkaPartitions ?? spec.defaultPartitions;
    return [
      { topic: spec.name, numPartitions },
      { topic: deadLetterTopic(spec.name), numPartitions },
    ];
  });
}

export interface EnsureTopicsResult {
  readonly created: string[];
  readonly grown: string[];
  readonly unchanged: string[];
  /** Topics that have more partitions than wanted: Kafka cannot shrink them. */
  readonly larger: string[];
}

/**
 * Creates missing topics and adds partitions to topics that have fewer than wanted. Safe to run
 * repeatedly and concurrently with another run (an "already exists" race is not an error).
 */
export async function ensureTopics(
  admin: Admin,
  wanted: readonly TopicWanted[],
): Promise<EnsureTopicsResult> {
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((spec) => !existing.has(spec.topic));
  const present = wanted.filter((spec) => existing.has(spec.topic));
  const result: EnsureTopicsResult = { created: [], grown: [], unchanged: [], larger: [] };

  if (missing.length > 0) {
    const topics: ITopicConfig[] = missing.map((spec) => ({
      topic: spec.topic,
      numPartitions: spec.numPartitions,
      replicationFactor: 1,
      ...(spec.configEntries ? { configEntries: [...spec.configEntries] } : {}),
    }));
    await admin.createTopics({ topics, waitForLeaders: true });
    result.created.push(...missing.map((spec) => spec.topic));
  }

  if (present.length > 0) {
    const { topics } = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
    const counts = new Map(topics.map((t) => [t.name, t.partitions.length]));
    const grow: { topic: string; count: number }[] = [];
    for (const spec of present) {
      const count = counts.get(spec.topic) ?? 0;
      if (count < spec.numPartitions) grow.push({ topic: spec.topic, count: spec.numPartitions });
      else if (count > spec.numPartitions) result.larger.push(spec.topic);
      else result.unchanged.push(spec.topic);
    }
    if (grow.length > 0) {
      await admin.createPartitions({ topicPartitions: grow, validateOnly: false });
      result.grown.push(...grow.map((g) => g.topic));
    }
  }
  return result;
}
