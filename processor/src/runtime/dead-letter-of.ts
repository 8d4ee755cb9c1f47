import type { DeadLetter } from '@city/contracts';
import type { RawMessage } from './decode-message.js';

/** Where a message came from and when it failed: what every dead letter records. */
export interface DeadLetterOrigin {
  /** Kafka topic the message came from. */
  readonly physicalTopic: string;
  readonly partition: number;
  readonly now: number;
}

/** The `<topic>.dlq` record of a message: its key and payload as received, and why. */
export function deadLetterOf(
  message: RawMessage,
  origin: DeadLetterOrigin,
  reason: DeadLetter['reason'],
  errors: DeadLetter['errors'],
  extra: Pick<DeadLetter, 'sink'> = {},
): DeadLetter {
  return {
    schemaVersion: 1,
    originalTopic: origin.physicalTopic,
    partition: origin.partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    payload: message.value === null ? '' : message.value.toString('utf8'),
    reason,
    errors,
    ...extra,
    failedAt: new Date(origin.now).toISOString(),
  };
}
