import { EXAMPLE_EVENTS, validateDeadLetter } from '@city/contracts';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  identityNormalise,
  type DecodeOptions,
} from '../src/runtime/decode-message.js';

const now = Date.parse('2026-11-29T08:16:00.000Z');
const options: DecodeOptions = {
  topic: 'gps_data',
  physicalTopic: 'gps_data.test',
  partition: 4,
  now,
  maxFutureMs: 60_000,
  normalise: identityNormalise,
};
const message = (value: string | null) => ({
  key: Buffer.from('taxi-0042'),
  value: value === null ? null : Buffer.from(value),
  offset: '17',
  timestamp: String(now - 50),
});

describe('decodeMessage', () => {
  it('accepts a valid event with its coordinates and produce time', () => {
    const decoded = decodeMessage(message(JSON.stringify(EXAMPLE_EVENTS.gps_data)), options);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.input).toMatchObject({
      topic: 'gps_data',
      partition: 4,
      offset: '17',
      produceTime: now - 50,
    });
    expect(decoded.eventTime).toBe(Date.parse(EXAMPLE_EVENTS.gps_data.timestamp));
  });

  it.each([
    ['invalid_json', '{nope'],
    ['invalid_json', null],
    ['schema_violation', JSON.stringify({ ...EXAMPLE_EVENTS.gps_data, speedKmh: -1 })],
    [
      'future_timestamp',
      JSON.stringify({ ...EXAMPLE_EVENTS.gps_data, timestamp: '2026-11-29T09:00:00.000Z' }),
    ],
  ])('rejects as %s with partition, offset and a valid dead letter', (reason, value) => {
    const decoded = decodeMessage(message(value), options);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.deadLetter).toMatchObject({
      reason,
      partition: 4,
      offset: '17',
      originalTopic: 'gps_data.test',
      key: 'taxi-0042',
    });
    expect(decoded.deadLetter.errors.length).toBeGreaterThan(0);
    expect(validateDeadLetter(decoded.deadLetter).ok).toBe(true);
  });

  it('runs the normaliser before validation, and a throwing normaliser is a dead letter', () => {
    const legacy = { ...EXAMPLE_EVENTS.gps_data, latitude: undefined, location: [37.78, -122.4] };
    const normalise = (_t: unknown, v: unknown) => {
      const { location, ...rest } = v as { location: [number, number] };
      return { ...rest, latitude: location[0], longitude: location[1] };
    };
    expect(decodeMessage(message(JSON.stringify(legacy)), { ...options, normalise }).ok).toBe(true);
    const broken = decodeMessage(message('{}'), {
      ...options,
      normalise: () => {
        throw new Error('boom');
      },
    });
    expect(broken.ok ? undefined : broken.deadLetter.reason).toBe('schema_violation');
  });
});
