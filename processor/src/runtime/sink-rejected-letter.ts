import type { DeadLetter } from '@city/contracts';
import type { RawMessage } from './decode-message.js';
import type { SinkRejection } from './sink-rejection.js';
import { deadLetterOf, type DeadLetterOrigin } from './dead-letter-of.js';

export interface SinkRejectedOptions extends DeadLetterOrigin {
  readonly rejection: SinkRejection;
}

/** The dead letter of a valid event that a sink refused for good (reason `sink_rejected`). */
export function sinkRejectedLetter(message: RawMessage, options: SinkRejectedOptions): DeadLetter {
  const { sink, code, message: detail } = options.rejection;
  return deadLetterOf(
    message,
    options,
    'sink_rejected',
    [{ path: '', message: `${sink} refused the write${code ? ` (${code})` : ''}: ${detail}` }],
    { sink: { name: sink, ...(code === undefined ? {} : { code }), message: detail } },
  );
}
