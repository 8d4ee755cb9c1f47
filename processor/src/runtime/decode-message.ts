import { validateEvent, type DeadLetter, type TopicName } from '@city/contracts';
import type { FieldIssue } from '@city/errors';
import { deadLetterOf } from './dead-letter-of.js';
import type { InputEvent } from '../pipeline/types.js';

/** Legacy-shape normaliser (part B's); identity until one is injected. */
export type Normalise = (topic: TopicName, parsed: unknown) => unknown;

export const identityNormalise: Normalise = (_topic, parsed) => parsed;

export interface RawMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly offset: string;
  readonly timestamp: string;
}

export interface DecodeOptions {
  readonly topic: TopicName;
  /** Kafka topic the message came from (differs from `topic` when a prefix/suffix is used). */
  readonly physicalTopic: string;
  readonly partition: number;
  readonly now: number;
  readonly maxFutureMs: number;
  readonly normalise: Normalise;
}

export type Decoded =
  | { readonly ok: true; readonly input: InputEvent; readonly eventTime: number }
  | { readonly ok: false; readonly deadLetter: DeadLetter };

function deadLetter(
  options: DecodeOptions,
  message: RawMessage,
  reason: DeadLetter['reason'],
  errors: readonly FieldIssue[],
): Decoded {
  const fields = errors.map((e) => ({ path: e.path, message: e.message }));
  return { ok: false, deadLetter: deadLetterOf(message, options, reason, fields) };
}

/**
 * Parses, normalises (legacy shapes) and validates one message. Never throws: anything that is
 * not a valid event, or whose event time is too far in the future, becomes a dead letter.
 */
export function decodeMessage(message: RawMessage, options: DecodeOptions): Decoded {
  if (message.value === null) {
    return deadLetter(options, message, 'invalid_json', [
      { path: '', message: 'message has no value' },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return deadLetter(options, message, 'invalid_json', [
      { path: '', message: `invalid JSON: ${(error as Error).message}` },
    ]);
  }
  let normalised: unknown;
  try {
    normalised = options.normalise(options.topic, parsed);
  } catch (error) {
    return deadLetter(options, message, 'schema_violation', [
      { path: '', message: `cannot normalise: ${(error as Error).message}` },
    ]);
  }
  const result = validateEvent(options.topic, normalised);
  if (!result.ok) return deadLetter(options, message, 'schema_violation', result.issues);
  const eventTime = Date.parse((result.value as { timestamp: string }).timestamp);
  if (eventTime > options.now + options.maxFutureMs) {
    return deadLetter(options, message, 'future_timestamp', [
      {
        path: '/timestamp',
        message: `is ${eventTime - options.now} ms in the future (limit ${options.maxFutureMs} ms)`,
      },
    ]);
  }
  const produceTime = Number(message.timestamp);
  return {
    ok: true,
    eventTime,
    input: {
      topic: options.topic,
      event: result.value,
      partition: options.partition,
      offset: message.offset,
      produceTime: Number.isFinite(produceTime) ? produceTime : options.now,
    },
  };
}
