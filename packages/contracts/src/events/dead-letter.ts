import { Type, type Static } from '@sinclair/typebox';
import { stringEnum } from '../common.js';

export const DEAD_LETTER_REASONS = [
  'invalid_json',
  'schema_violation',
  'future_timestamp',
  'unknown_topic',
  'sink_rejected',
] as const;

export const DeadLetterSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    originalTopic: Type.String({ minLength: 1, description: 'Topic the message was read from.' }),
    partition: Type.Integer({ minimum: 0, description: 'Source partition.' }),
    offset: Type.String({
      pattern: '^\\d+$',
      description: 'Source offset (a decimal string, as Kafka gives it).',
    }),
    key: Type.Union([Type.String(), Type.Null()], {
      description: 'Message key as UTF-8, or null.',
    }),
    payload: Type.String({
      description: 'Original message value as UTF-8 (lossy for binary input).',
    }),
    reason: stringEnum(DEAD_LETTER_REASONS, 'Why the message was rejected.'),
    errors: Type.Array(
      Type.Object({ path: Type.String(), message: Type.String() }, { additionalProperties: false }),
      { description: 'Field-level problems: JSON-pointer path and message.' },
    ),
    sink: Type.Optional(
      Type.Object(
        {
          name: Type.String({
            minLength: 1,
            description: 'The sink that refused the event: postgres, redis or kafka.',
          }),
          code: Type.Optional(
            Type.String({
              description: "The store's error code: a PostgreSQL SQLSTATE, a Kafka error type.",
            }),
          ),
          message: Type.String({ description: "The store's error message." }),
        },
        {
          additionalProperties: false,
          description:
            'Only with reason `sink_rejected`: a valid event that a sink refused for good (a value out of a column range, a constraint, coordinates Redis cannot index).',
        },
      ),
    ),
    failedAt: Type.String({
      format: 'iso-utc',
      description: 'When it was rejected, ISO-8601 UTC.',
    }),
  },
  {
    $id: 'dead_letter.v1',
    title: 'DeadLetter',
    description: 'A rejected message with the reason, written to `<topic>.dlq`.',
    additionalProperties: false,
  },
);
export type DeadLetter = Static<typeof DeadLetterSchema>;
