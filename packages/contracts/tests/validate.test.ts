import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '@city/errors';
import {
  EXAMPLE_EVENTS,
  TOPICS,
  TOPIC_NAMES,
  assertEvent,
  deadLetterTopic,
  decodeEvent,
  encodeEvent,
  messageKey,
  validateDeadLetter,
  validateEvent,
} from '../src/index.js';
import { renderEventsMarkdown } from '../src/events-markdown.js';
import { renderJsonSchemas } from '../src/json-schema.js';

const gps = EXAMPLE_EVENTS.gps_data;

describe('event validators', () => {
  it.each(TOPIC_NAMES)('accepts the %s example', (topic) => {
    const result = validateEvent(topic, EXAMPLE_EVENTS[topic]);
    expect(result).toEqual({ ok: true, value: EXAMPLE_EVENTS[topic] });
  });

  it('names each bad field of a gps event', () => {
    const result = validateEvent('gps_data', {
      ...gps,
      latitude: 91,
      speedKmh: '30',
      headingDeg: 360,
      vehicleType: 'tractor',
      colour: 'red',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: '/latitude', message: 'must be <= 90' },
        { path: '/speedKmh', message: 'must be number' },
        { path: '/headingDeg', message: 'must be < 360' },
        { path: '/vehicleType', message: expect.stringContaining('must be one of car, taxi') },
        { path: '/colour', message: 'is not a known field' },
      ]),
    );
  });

  it('rejects the NUL character in any string, naming the field (no store can keep it)', () => {
    const incident = EXAMPLE_EVENTS.emergency_incident_data;
    const result = validateEvent('emergency_incident_data', {
      ...incident,
      description: 'smoke\u0000',
      reportedBy: '\u0000caller',
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: '/description', message: 'must not contain the NUL character (\\u0000)' },
        { path: '/reportedBy', message: 'must not contain the NUL character (\\u0000)' },
      ],
    });
    expect(decodeEvent('gps_data', JSON.stringify({ ...gps, source: 'sim\u0000' }))).toMatchObject({
      ok: false,
      reason: 'schema_violation',
      issues: [{ path: '/source' }],
    });
    expect(() => encodeEvent('gps_data', { ...gps, source: 'a\u0000' })).toThrow(/\/source/);
  });

  it('bounds road segment ids to what PostgreSQL stores (an integer column), naming the field', () => {
    const incident = EXAMPLE_EVENTS.emergency_incident_data;
    expect(
      validateEvent('emergency_incident_data', { ...incident, segmentId: 2_147_483_647 }).ok,
    ).toBe(true);
    expect(
      validateEvent('emergency_incident_data', { ...incident, segmentId: 2_147_483_648 }),
    ).toMatchObject({ ok: false, issues: [{ path: '/segmentId' }] });
  });

  it('requires ISO-8601 UTC timestamps and uuids', () => {
    for (const timestamp of [
      '2026-11-29 08:15:30',
      '2026-11-29T08:15:30+01:00',
      '2026-13-40T99:00:00Z',
    ]) {
      const result = validateEvent('gps_data', { ...gps, timestamp });
      expect(result.ok, timestamp).toBe(false);
      if (!result.ok) expect(result.issues[0]?.path).toBe('/timestamp');
    }
    const badId = validateEvent('gps_data', { ...gps, eventId: 'not-a-uuid' });
    expect(badId.ok).toBe(false);
  });

  it('reports missing fields by path, also nested', () => {
    const { vehicleId: _omit, ...withoutVehicle } = gps;
    const missing = validateEvent('gps_data', withoutVehicle);
    expect(missing.ok || missing.issues).toContainEqual({
      path: '/vehicleId',
      message: 'is required',
    });

    const camera = EXAMPLE_EVENTS.traffic_camera_data;
    const nested = validateEvent('traffic_camera_data', {
      ...camera,
      approaches: [{ ...camera.approaches[0], vehicleCount: -1 }],
    });
    expect(nested.ok || nested.issues).toContainEqual({
      path: '/approaches/0/vehicleCount',
      message: 'must be >= 0',
    });
  });

  it('decodes buffers and explains bad JSON', () => {
    expect(decodeEvent('gps_data', Buffer.from(JSON.stringify(gps)))).toEqual({
      ok: true,
      value: gps,
    });
    const bad = decodeEvent('gps_data', Buffer.from('{"vehicleId":'));
    expect(bad).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(decodeEvent('gps_data', null)).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(decodeEvent('gps_data', '{"a":1}')).toMatchObject({
      ok: false,
      reason: 'schema_violation',
    });
  });

  it('throws a ValidationError from assertEvent and encodeEvent', () => {
    expect(() =>
      assertEvent('weather_data', { ...EXAMPLE_EVENTS.weather_data, humidityPct: 120 }),
    ).toThrow(ValidationError);
    expect(() =>
      encodeEvent('weather_data', { ...EXAMPLE_EVENTS.weather_data, humidityPct: 120 }),
    ).toThrow(/\/humidityPct must be <= 100/);
  });

  it('keys messages by the entity that needs ordering', () => {
    expect(encodeEvent('gps_data', gps)).toEqual({ key: 'taxi-0042', value: JSON.stringify(gps) });
    expect(messageKey('air_quality_data', EXAMPLE_EVENTS.air_quality_data)).toBe('aq-mission-03');
    expect(messageKey('dispatch_commands', EXAMPLE_EVENTS.dispatch_commands)).toBe('ambulance-03');
    for (const name of TOPIC_NAMES) {
      const spec = TOPICS[name];
      expect(spec.name).toBe(name);
      expect(Object.keys(spec.schema.properties)).toContain(spec.keyField);
    }
  });

  it('validates dead letters', () => {
    const letter = {
      schemaVersion: 1,
      originalTopic: 'gps_data',
      partition: 2,
      offset: '1042',
      key: 'car-1',
      payload: '{bad',
      reason: 'invalid_json',
      errors: [{ path: '', message: 'invalid JSON' }],
      failedAt: '2026-11-29T08:15:31.000Z',
    };
    expect(validateDeadLetter(letter).ok).toBe(true);
    expect(validateDeadLetter({ ...letter, offset: -1 }).ok).toBe(false);
    const refused = {
      ...letter,
      payload: '{}',
      reason: 'sink_rejected',
      errors: [{ path: '', message: 'postgres refused the write (22003): out of range' }],
      sink: { name: 'postgres', code: '22003', message: 'out of range' },
    };
    expect(validateDeadLetter(refused).ok).toBe(true);
    expect(validateDeadLetter({ ...refused, sink: { name: 'postgres' } }).ok).toBe(false);
    expect(deadLetterTopic('gps_data')).toBe('gps_data.dlq');
  });
});

describe('exported JSON Schema', () => {
  it('is up to date in docs/events (run npm run contracts:export)', () => {
    const docs = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/events');
    for (const [file, text] of Object.entries(renderJsonSchemas())) {
      expect(readFileSync(join(docs, file), 'utf8'), file).toBe(text);
    }
    expect(readFileSync(join(docs, '../events.md'), 'utf8')).toBe(renderEventsMarkdown());
  });
});
