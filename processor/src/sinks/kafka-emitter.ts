import { deadLetterTopic, encodeEvent, validateDeadLetter, type DeadLetter } from '@city/contracts';
import { ValidationError } from '@city/errors';
import kafkajs, { type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { Emit } from '../pipeline/types.js';
import type { TopicNamer } from '../runtime/topic-names.js';

const { CompressionTypes } = kafkajs;

/** Messages per produce request: ~0.5 KB each, well under the broker's 1 MB batch limit. */
export const MESSAGES_PER_REQUEST = 1000;

export interface EmitResult {
  /** Emits a stage produced that do not satisfy the contracts: logged and counted, not sent. */
  readonly invalid: { readonly emit: Emit; readonly error: ValidationError }[];
  readonly sent: Record<string, number>;
}

export interface KafkaEmitter {
  send(emits: readonly Emit[], deadLetters: readonly DeadLetter[]): Promise<EmitResult>;
}

export function createKafkaEmitter(producer: Producer, topics: TopicNamer): KafkaEmitter {
  return {
    async send(emits, deadLetters) {
      const byTopic = new Map<string, Message[]>();
      const add = (topic: string, message: Message) => {
        let list = byTopic.get(topic);
        if (!list) byTopic.set(topic, (list = []));
        list.push(message);
      };
      const invalid: EmitResult['invalid'] = [];
      const sent: Record<string, number> = {};
      for (const emit of emits) {
        try {
          const { key, value } = encodeEvent(emit.topic, emit.event);
          add(topics.physical(emit.topic), { key, value });
          sent[emit.topic] = (sent[emit.topic] ?? 0) + 1;
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          invalid.push({ emit, error });
        }
      }
      for (const letter of deadLetters) {
        const valid = validateDeadLetter(letter);
        if (!valid.ok) throw new ValidationError('dead letter', valid.issues);
        // The DLQ has its topic's partition count: same partition keeps the key's order.
        add(deadLetterTopic(letter.originalTopic), {
          key: letter.key,
          value: JSON.stringify(letter),
          partition: letter.partition,
        });
      }
      if (byTopic.size === 0) return { invalid, sent };
      // Bounded requests: a broker refuses record batches over message.max.bytes (1 MB).
      const requests: TopicMessages[][] = [[]];
      let size = 0;
      for (const [topic, messages] of byTopic) {
        for (let i = 0; i < messages.length; i += MESSAGES_PER_REQUEST) {
          const chunk = messages.slice(i, i + MESSAGES_PER_REQUEST);
          if (size + chunk.length > MESSAGES_PER_REQUEST) {
            requests.push([]);
            size = 0;
          }
          requests.at(-1)!.push({ topic, messages: chunk });
          size += chunk.length;
        }
      }
      await Promise.all(
        requests.map((topicMessages) =>
          producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.Snappy }),
        ),
      );
      return { invalid, sent };
    },
  };
}
