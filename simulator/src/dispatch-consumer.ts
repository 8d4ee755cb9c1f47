import { decodeEvent, type DispatchCommand } from '@city/contracts';
import type { Logger } from '@city/log';
import type { Consumer, Kafka } from 'kafkajs';

export interface DispatchConsumerOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly groupId: string;
  /** Tests read from the beginning of their fresh topic; a live city ignores old commands. */
  readonly fromBeginning: boolean;
  readonly onCommand: (command: DispatchCommand) => void;
  readonly logger: Logger;
}

/** Consumes dispatch commands; invalid ones are logged and skipped (the processor dead-letters them). */
export async function startDispatchConsumer(options: DispatchConsumerOptions): Promise<Consumer> {
  const consumer = options.kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeEvent('dispatch_commands', message.value);
      if (!decoded.ok) {
        options.logger.warn({ issues: decoded.issues }, 'invalid dispatch command skipped');
        return;
      }
      options.onCommand(decoded.value);
    },
  });
  return consumer;
}
