import { describe, expect, it } from 'vitest';
import { streamMatcher, vehicleFromChange } from './subscription.js';

const change = (data: Record<string, unknown>) => ({
  domain: 'vehicles',
  entity: 'Vehicle',
  id: 'v1',
  fields: Object.keys(data),
  data,
  produceTime: 1,
});

describe('vehicle stream', () => {
  const position = {
    id: 'v1',
    vehicleType: 'bus',
    latitude: 37.7,
    longitude: -122.4,
    speedKmh: 20,
    headingDeg: 90,
    segmentId: 12,
    speedLimitKmh: 40,
    speeding: 0,
    active: 1,
    timestamp: '2026-11-29T10:00:00.000Z',
  };

  it('reads a position change; ignores telemetry and inactive changes', () => {
    expect(vehicleFromChange(change(position))).toMatchObject({
      id: 'v1',
      type: 'bus',
      segmentId: 12,
      speeding: false,
    });
    expect(vehicleFromChange(change({ id: 'v1', telemetry: { make: 'x' } }))).toBeNull();
    expect(vehicleFromChange(change({ id: 'v1', active: 0 }))).toBeNull();
  });

  it('reads a change once, whatever the number of subscriptions it reaches', () => {
    const shared = change(position);
    const first = vehicleFromChange(shared);
    expect(vehicleFromChange(shared)).toBe(first);
    // Another change with equal content is read on its own.
    expect(vehicleFromChange(change(position))).not.toBe(first);
    expect(vehicleFromChange(change(position))).toEqual(first);
    const telemetry = change({ id: 'v1', telemetry: { make: 'x' } });
    expect(vehicleFromChange(telemetry)).toBeNull();
    expect(vehicleFromChange(telemetry)).toBeNull();
  });

  it('matches bbox, types and ids', () => {
    const v = vehicleFromChange(change(position))!;
    const bbox = { minLat: 37.6, minLon: -122.5, maxLat: 37.8, maxLon: -122.3 };
    expect(streamMatcher({ bbox, types: ['bus'] }).matches(v)).toBe(true);
    expect(streamMatcher({ types: ['car'] }).matches(v)).toBe(false);
    expect(streamMatcher({ bbox: { ...bbox, maxLat: 37.65 } }).matches(v)).toBe(false);
    expect(streamMatcher({ ids: ['v2'] }).wantsId('v1')).toBe(false);
    expect(() => streamMatcher({ ids: Array.from({ length: 1001 }, (_, i) => `v${i}`) })).toThrow(
      /filter.ids/,
    );
  });
});
