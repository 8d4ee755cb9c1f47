import { randomUUID } from 'node:crypto';
import kafkajs, { type Kafka } from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';
import { topicEnd } from '../measure/kafka-offsets.js';

// The processor produces dead letters snappy-compressed.
kafkajs.CompressionCodecs[kafkajs.CompressionTypes.Snappy] = SnappyCodec;

export interface DeadLetterRecord {
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
  readonly errors: number;
  readonly payload: string;
}

/** Every message of a DLQ topic (reads until the end offset observed at the start). */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  timeoutMs = 60_000,
): Promise<DeadLetterRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const end = await topicEnd(admin, topic);
  await admin.disconnect();
  if (end === 0) return [];
  const out: DeadLetterRecord[] = [];
  const consumer = kafka.consumer({ groupId: `bench-dlq-reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const letter = JSON.parse(message.value?.toString() ?? '{}') as {
        partition: number;
        offset: string;
        reason: string;
        errors?: unknown[];
        payload: string;
      };
      out.push({
        partition: letter.partition,
        offset: letter.offset,
        reason: letter.reason,
        errors: letter.errors?.length ?? 0,
        payload: letter.payload,
      });
      if (out.length >= end) done();
    },
  });
  const timer = setTimeout(done, timeoutMs);
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  return out;
}
