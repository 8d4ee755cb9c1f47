import type { Admin } from 'kafkajs';

/** Sum of the high watermarks of a topic (= messages ever written, for a fresh topic). */
export async function topicEnd(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high), 0);
}

export async function topicEnds(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
}

/** Sum of a group's committed offsets on a topic (uncommitted partitions count 0). */
export async function groupCommitted(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

export interface LagSample {
  readonly at: number;
  readonly produced: number;
  readonly committed: number;
  readonly lag: number;
}

/** End offsets and committed offsets of one group on one topic. */
export async function lagOf(admin: Admin, groupId: string, topic: string): Promise<LagSample> {
  const [produced, committed] = await Promise.all([
    topicEnd(admin, topic),
    groupCommitted(admin, groupId, topic),
  ]);
  return { at: Date.now(), produced, committed, lag: produced - committed };
}
