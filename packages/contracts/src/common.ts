import { Type, type TSchema } from '@sinclair/typebox';

/** Every event carries these: the schema version, a unique id (idempotency key), event time, producer. */
export const envelopeFields = {
  schemaVersion: Type.Literal(1, { description: 'Version of this event schema.' }),
  eventId: Type.String({
    format: 'uuid',
    description: 'Unique id of this event; sinks use it as the idempotency key.',
  }),
  timestamp: Type.String({
    format: 'iso-utc',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
    description: 'Event time: when it happened at the source, ISO-8601 in UTC with a Z suffix.',
  }),
  source: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'Producer of the event, e.g. "simulator", "legacy-generator", "gateway".',
  }),
};

export const latitude = (description = 'WGS84 latitude in decimal degrees.') =>
  Type.Number({ minimum: -90, maximum: 90, description });
export const longitude = (description = 'WGS84 longitude in decimal degrees.') =>
  Type.Number({ minimum: -180, maximum: 180, description });

/** A road segment id of the road graph; stored as a PostgreSQL integer, so at most 2^31 − 1. */
export const segmentId = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 2_147_483_647, description });
export const id = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$', description });

export const VEHICLE_TYPES = [
  'car',
  'taxi',
  'bus',
  'delivery_van',
  'ambulance',
  'fire_engine',
  'police',
] as const;
export const EMERGENCY_UNIT_TYPES = ['ambulance', 'fire_engine', 'police'] as const;

export function stringEnum<const T extends readonly string[]>(values: T, description: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
}

/** Object schema closed to unknown properties: a typo in a producer is an error, not silent data loss. */
export function eventObject<P extends Record<string, TSchema>>(
  properties: P,
  options: { $id: string; title: string; description: string },
) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}
