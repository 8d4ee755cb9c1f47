import { EXAMPLE_EVENTS, validateEvent, type TopicName } from '@city/contracts';
import { describe, expect, it } from 'vitest';
import { pm25Aqi } from '../domains/environment/aqi.js';
import { pm25ForAqi } from './legacy-air-quality.js';
import { parseDirection, parseLocation, parseSpeedKmh } from './legacy-fields.js';
import { normaliseTimestamp } from './legacy-time.js';
import { derivedFromLegacy, normalise } from './normalise.js';

// Messages as the original London -> Birmingham generator produced them (json.dumps of its dicts).
const legacy = {
  vehicle_data: {
    id: '0b5f1c6e-2f1e-4a8e-9d55-3c1f0e6f2a10',
    deviceId: 'Vehicle-CodeWithYu-123',
    timestamp: '2024-07-15T14:03:27.512034',
    location: [51.5074, -0.1278],
    speed: 32.7,
    direction: 'North-East',
    make: 'BMW',
    model: 'C500',
    year: 2024,
    fuelType: 'Hybrid',
  },
  gps_data: {
    id: '7d0c9d1e-6a7b-4c2d-8e9f-0a1b2c3d4e5f',
    deviceId: 'Vehicle-CodeWithYu-123',
    timestamp: '2024-07-15T14:03:27.512034',
    speed: 21.4,
    direction: 'North-East',
    vehicleType: 'private',
  },
  traffic_camera_data: {
    id: '5e9f3b2a-1c4d-4e6f-8a9b-0c1d2e3f4a5b',
    deviceId: 'Vehicle-CodeWithYu-123',
    cameraId: 'Nikon-Cam123',
    location: [51.5074, -0.1278],
    timestamp: '2024-07-15T14:03:27.512034',
    snapshot: 'Base64EncodedString',
  },
  weather_data: {
    id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
    deviceId: 'Vehicle-CodeWithYu-123',
    location: [51.5074, -0.1278],
    timestamp: '2024-01-15T09:00:00',
    temperature: 12.5,
    weatherCondition: 'Cloudy',
    precipitation: 3.2,
    windSpeed: 18.4,
    humidity: 77,
    airQualityIndex: 112.6,
  },
  emergency_incident_data: {
    id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    deviceId: 'Vehicle-CodeWithYu-123',
    incidentId: 'b7c6d5e4-f3a2-4b1c-9d8e-7f6a5b4c3d2e',
    type: 'Police',
    timestamp: '2024-07-15T14:03:27.512034',
    location: [51.5074, -0.1278],
    status: 'Active',
    description: 'Description of the incident',
  },
} as const;

const valid = (topic: TopicName, value: unknown) => validateEvent(topic, value);

describe('normalise: legacy messages', () => {
  it('maps vehicle_data onto the telemetry contract', () => {
    const out = normalise('vehicle_data', legacy.vehicle_data);
    expect(valid('vehicle_data', out)).toMatchObject({ ok: true });
    expect(out).toMatchObject({
      schemaVersion: 1,
      eventId: legacy.vehicle_data.id,
      timestamp: '2024-07-15T21:03:27.512Z', // 14:03 PDT
      source: 'legacy-generator',
      vehicleId: 'Vehicle-CodeWithYu-123',
      vehicleType: 'car',
      powertrain: 'hybrid',
      odometerKm: 0,
    });
  });

  it('derives a gps fix from a legacy vehicle_data position with a stable id', () => {
    const [fix] = derivedFromLegacy('vehicle_data', legacy.vehicle_data);
    expect(fix!.topic).toBe('gps_data');
    expect(valid('gps_data', fix!.value)).toMatchObject({ ok: true });
    expect(fix!.value).toMatchObject({
      latitude: 51.5074,
      longitude: -0.1278,
      headingDeg: 45,
      speedKmh: 32.7,
    });
    expect(derivedFromLegacy('vehicle_data', legacy.vehicle_data)[0]!.value).toEqual(fix!.value);
  });

  it('rejects a legacy gps_data without position, naming the fields', () => {
    const r = valid('gps_data', normalise('gps_data', legacy.gps_data));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toEqual(
        expect.arrayContaining([
          { path: '/latitude', message: 'is required' },
          { path: '/longitude', message: 'is required' },
        ]),
      );
    }
    const withLocation = { ...legacy.gps_data, location: '(51.5, -0.12)', speed: '20 mph' };
    expect(normalise('gps_data', withLocation)).toMatchObject({
      latitude: 51.5,
      speedKmh: 32.187,
      headingDeg: 45,
    });
    expect(valid('gps_data', normalise('gps_data', withLocation)).ok).toBe(true);
  });

  it('rejects a legacy camera (no counts), naming nodeId, intervalSeconds and approaches', () => {
    const r = valid(
      'traffic_camera_data',
      normalise('traffic_camera_data', legacy.traffic_camera_data),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.path).sort()).toEqual([
        '/approaches',
        '/intervalSeconds',
        '/nodeId',
      ]);
    }
  });

  it('maps weather_data, with documented defaults and the AQI as a PM2.5 reading', () => {
    const out = normalise('weather_data', legacy.weather_data);
    expect(valid('weather_data', out)).toMatchObject({ ok: true });
    expect(out).toMatchObject({
      stationId: 'Vehicle-CodeWithYu-123',
      timestamp: '2024-01-15T17:00:00.000Z', // 09:00 PST
      condition: 'cloudy',
      humidityPct: 77,
      windSpeedKmh: 18.4,
      pressureHpa: 1013.25,
    });
    const [aq] = derivedFromLegacy('weather_data', legacy.weather_data);
    expect(aq!.topic).toBe('air_quality_data');
    expect(valid('air_quality_data', aq!.value)).toMatchObject({ ok: true });
    expect(pm25Aqi((aq!.value as { pm25UgPerM3: number }).pm25UgPerM3)).toBe(113);
    expect((aq!.value as { eventId: string }).eventId).not.toBe(
      (out as { eventId: string }).eventId,
    );
  });

  it('fails weather conditions the contract has no value for, naming /condition', () => {
    const r = valid(
      'weather_data',
      normalise('weather_data', { ...legacy.weather_data, weatherCondition: 'Snow' }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['/condition']);
  });

  it('maps emergency_incident_data: Police -> crime, Active -> reported, Resolved -> resolved', () => {
    const out = normalise('emergency_incident_data', legacy.emergency_incident_data);
    expect(valid('emergency_incident_data', out)).toMatchObject({ ok: true });
    expect(out).toMatchObject({
      type: 'crime',
      status: 'reported',
      details: {},
      reportedBy: 'Vehicle-CodeWithYu-123',
    });
    const resolved = normalise('emergency_incident_data', {
      ...legacy.emergency_incident_data,
      type: 'Fire',
      status: 'Resolved',
    });
    expect(resolved).toMatchObject({ type: 'fire', status: 'resolved' });
  });

  it('derives a deterministic eventId from the content when the legacy id is not a UUID', () => {
    const message = { ...legacy.emergency_incident_data, id: 42 };
    const a = normalise('emergency_incident_data', message) as { eventId: string };
    const b = normalise('emergency_incident_data', { ...message }) as { eventId: string };
    const c = normalise('emergency_incident_data', { ...message, description: 'other' }) as {
      eventId: string;
    };
    expect(a.eventId).toBe(b.eventId);
    expect(a.eventId).not.toBe(c.eventId);
    expect(valid('emergency_incident_data', a).ok).toBe(true);
  });

  it('passes contract-shaped events through untouched', () => {
    for (const [topic, event] of Object.entries(EXAMPLE_EVENTS)) {
      expect(normalise(topic as TopicName, event)).toBe(event);
    }
    expect(derivedFromLegacy('vehicle_data', EXAMPLE_EVENTS.vehicle_data)).toEqual([]);
  });

  it('leaves non-objects to validation', () => {
    expect(normalise('gps_data', [1, 2])).toEqual([1, 2]);
    expect(normalise('gps_data', null)).toBeNull();
  });
});

describe('legacy field parsers', () => {
  it.each([
    ['North', 0],
    ['North-East', 45],
    ['north east', 45],
    ['Northeast', 45],
    ['NE', 45],
    ['East', 90],
    ['South-East', 135],
    ['SSW', 202.5],
    ['West', 270],
    ['North-West', 315],
    ['NNW', 337.5],
    ['90', 90],
    [-90, 270],
  ] as const)('direction %s -> %f°', (text, deg) => {
    expect(parseDirection(text)).toBe(deg);
  });

  it('leaves an unknown direction for validation to reject', () => {
    expect(parseDirection('Up')).toBe('Up');
  });

  it('converts speed units to km/h', () => {
    expect(parseSpeedKmh(40)).toBe(40);
    expect(parseSpeedKmh('10 m/s')).toBe(36);
    expect(parseSpeedKmh('30mph')).toBe(48.28);
    expect(parseSpeedKmh('55 km/h')).toBe(55);
    expect(parseSpeedKmh('fast')).toBe('fast');
  });

  it('reads [lat, lon], "(lat, lon)" and objects', () => {
    expect(parseLocation([37.7, -122.4])).toEqual({ latitude: 37.7, longitude: -122.4 });
    expect(parseLocation('(37.7, -122.4)')).toEqual({ latitude: 37.7, longitude: -122.4 });
    expect(parseLocation({ lat: 1, lon: 2 })).toEqual({ latitude: 1, longitude: 2 });
    expect(parseLocation('nowhere')).toBeNull();
  });

  it('reads naive timestamps as Los Angeles wall-clock time, across DST', () => {
    expect(normaliseTimestamp('2024-01-15T09:00:00')).toBe('2024-01-15T17:00:00.000Z');
    expect(normaliseTimestamp('2024-07-15 09:00:00.250')).toBe('2024-07-15T16:00:00.250Z');
    // 01:30 on 3 Nov 2024 happens twice; the first (PDT) is taken.
    expect(normaliseTimestamp('2024-11-03T01:30:00')).toBe('2024-11-03T08:30:00.000Z');
    expect(normaliseTimestamp('2024-11-03T03:00:00')).toBe('2024-11-03T11:00:00.000Z');
    // 02:30 on 10 Mar 2024 does not exist; read as standard time (the clock had not jumped).
    expect(normaliseTimestamp('2024-03-10T02:30:00')).toBe('2024-03-10T10:30:00.000Z');
  });

  it('converts zoned and epoch timestamps and leaves garbage for validation', () => {
    expect(normaliseTimestamp('2024-07-15T09:00:00+01:00')).toBe('2024-07-15T08:00:00.000Z');
    expect(normaliseTimestamp(1_721_034_000)).toBe('2024-07-15T09:00:00.000Z');
    expect(normaliseTimestamp(1_721_034_000_000)).toBe('2024-07-15T09:00:00.000Z');
    expect(normaliseTimestamp('yesterday')).toBe('yesterday');
  });

  it('inverts the PM2.5 AQI', () => {
    for (const aqi of [0, 1, 50, 51, 75, 100, 101, 150, 151, 200, 250, 301, 400, 500]) {
      expect(pm25Aqi(pm25ForAqi(aqi))).toBeCloseTo(aqi, -0.5);
    }
  });
});
