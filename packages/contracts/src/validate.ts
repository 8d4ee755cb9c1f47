import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ValidationError, type FieldIssue } from '@city/errors';
import { DeadLetterSchema, type DeadLetter } from './events/dead-letter.js';
import { TOPICS, TOPIC_NAMES, type TopicName } from './topics.js';

export type EventOf<T extends TopicName> = Static<(typeof TOPICS)[T]['schema']>;
export type AnyEvent = { [T in TopicName]: EventOf<T> }[TopicName];

export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false });
addFormats(ajv, ['uuid', 'uri']);
ajv.addFormat('iso-utc', {
  type: 'string',
  validate: (value: string) => ISO_UTC.test(value) && !Number.isNaN(Date.parse(value)),
});

function compile<S extends TSchema>(schema: S): ValidateFunction<Static<S>> {
  return ajv.compile<Static<S>>(schema);
}

const validators = Object.fromEntries(
  TOPIC_NAMES.map((name) => [name, compile(TOPICS[name].schema)]),
) as { [T in TopicName]: ValidateFunction<EventOf<T>> };

const deadLetterValidator = compile(DeadLetterSchema);

function toIssue(error: ErrorObject): FieldIssue {
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { path: `${error.instancePath}/${extra}`, message: 'is not a known field' };
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { path: `${error.instancePath}/${missing}`, message: 'is required' };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return { path: error.instancePath, message: `must be one of ${allowed.join(', ')}` };
  }
  if (error.keyword === 'format' && (error.params as { format: string }).format === 'iso-utc') {
    return { path: error.instancePath, message: 'must be an ISO-8601 UTC timestamp ending in Z' };
  }
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

function issuesOf(validator: ValidateFunction): FieldIssue[] {
  const issues = (validator.errors ?? []).map(toIssue);
  // A union reports one error per branch; keep one line per path and message.
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path} ${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Paths of strings holding the NUL character (U+0000). JSON can carry it (`"\u0000"`), but no
 * store of the platform keeps it: PostgreSQL text and jsonb refuse it (SQLSTATE 22021, 22P05).
 */
function nulIssues(value: unknown, path: string, into: FieldIssue[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      into.push({ path, message: 'must not contain the NUL character (\\u0000)' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nulIssues(item, `${path}/${i}`, into));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) nulIssues(item, `${path}/${key}`, into);
  }
}

/** Validates a parsed value against the topic's schema; never throws. */
export function validateEvent<T extends TopicName>(
  topic: T,
  value: unknown,
): Validation<EventOf<T>> {
  const validator = validators[topic] as ValidateFunction<EventOf<T>>;
  if (!validator(value)) return { ok: false, issues: issuesOf(validator) };
  const issues: FieldIssue[] = [];
  nulIssues(value, '', issues);
  return issues.length === 0 ? { ok: true, value } : { ok: false, issues };
}

/** Parses and validates a Kafka message value. Bad JSON is an issue at the root path. */
export function decodeEvent<T extends TopicName>(
  topic: T,
  payload: Buffer | string | null,
): Validation<EventOf<T>> & { readonly reason?: 'invalid_json' | 'schema_violation' } {
  if (payload === null)
    return {
      ok: false,
      issues: [{ path: '', message: 'message has no value' }],
      reason: 'invalid_json',
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: '', message: `invalid JSON: ${(error as Error).message}` }],
      reason: 'invalid_json',
    };
  }
  const result = validateEvent(topic, parsed);
  return result.ok ? result : { ...result, reason: 'schema_violation' };
}

/** Throws a ValidationError naming every bad field. For producers: never send what you cannot read. */
export function assertEvent<T extends TopicName>(topic: T, value: unknown): EventOf<T> {
  const result = validateEvent(topic, value);
  if (!result.ok) throw new ValidationError(`${topic} event`, result.issues);
  return result.value;
}

/** The Kafka key and serialised value of a valid event. */
export function encodeEvent<T extends TopicName>(
  topic: T,
  event: EventOf<T>,
): { key: string; value: string } {
  const valid = assertEvent(topic, event);
  return { key: messageKey(topic, valid), value: JSON.stringify(valid) };
}

export function messageKey<T extends TopicName>(topic: T, event: EventOf<T>): string {
  return String((event as Record<string, unknown>)[TOPICS[topic].keyField]);
}

export function validateDeadLetter(value: unknown): Validation<DeadLetter> {
  if (deadLetterValidator(value)) return { ok: true, value };
  return { ok: false, issues: issuesOf(deadLetterValidator) };
}
