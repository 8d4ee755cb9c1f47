import { encodeEvent, type EventOf, type TopicName } from '@city/contracts';
import type { Producer } from 'kafkajs';

/** Publishes contract events; resolves once the broker acknowledged them (acks from all replicas). */
export interface EventPublisher {
  publish<T extends TopicName>(topic: T, events: readonly EventOf<T>[]): Promise<void>;
}

/**
 * A kafkajs producer behind `EventPublisher`. Every event is validated by `encodeEvent` (an
 * invalid one throws before anything is sent) and keyed by its topic's key field.
 */
export function createKafkaPublisher(
  producer: Producer,
  topicName: (topic: TopicName) => string = (t) => t,
): EventPublisher {
  return {
    async publish(topic, events) {
      if (events.length === 0) return;
      const messages = events.map((e) => encodeEvent(topic, e));
      await producer.send({ topic: topicName(topic), messages, acks: -1 });
    },
  };
}
