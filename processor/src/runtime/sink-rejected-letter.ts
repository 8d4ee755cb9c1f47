import type { DeadLetter } from '@city/contracts';
import type { RawMessage } from './decode-message.js';
import type { SinkRejection } from './sink-rejection.js';

export interface SinkRejectedOptions {
  /** Kafka topic the message came from. */
  readonly physicalTopic: string;
  readonly partition: number;
  readonly now: number;
  readonly rejection: SinkRejection;
}

/** The dead letter of a valid event that a sink refused for good (reason `sink_rejected`). */
export function sinkRejectedLetter(message: RawMessage, options: SinkRejectedOptions): DeadLetter {
  const { sink, code, message: detail } = options.rejection;
  return {
    schemaVersion: 1,
    originalTopic: options.physicalTopic,
    partition: options.partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    payload: message.value === null ? '' : message.value.toString('utf8'),
    reason: 'sink_rejected',
    errors: [
      { path: '', message: `${sink} refused the write${code ? ` (${code})` : ''}: ${detail}` },
    ],
    sink: { name: sink, ...(code === undefined ? {} : { code }), message: detail },
    failedAt: new Date(options.now).toISOString(),
  };
}
