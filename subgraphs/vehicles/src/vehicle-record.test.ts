import { hashOfFields } from '@city/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { VEHICLE_FIELDS, parseVehicleHash } from './vehicle-record.js';

const hmget = (hash: Record<string, string>) => VEHICLE_FIELDS.map((f) => hash[f] ?? null);

describe('hashOfFields', () => {
  it('rebuilds the parsed fields of the hash from HMGET', () => {
    const hash = {
      vehicleType: 'bus',
      latitude: '37.78',
      longitude: '-122.41',
      speedKmh: '22.5',
      headingDeg: '90',
      segmentId: '17',
      speedLimitKmh: '-1',
      speeding: '0',
      active: '1',
      timestamp: '2026-12-07T03:00:00.000Z',
    };
    expect(hashOfFields(VEHICLE_FIELDS, hmget(hash))).toEqual(hash);
    expect(parseVehicleHash('v1', hashOfFields(VEHICLE_FIELDS, hmget(hash)))).toEqual(
      parseVehicleHash('v1', hash),
    );
  });

  it('leaves missing fields out, as HGETALL does', () => {
    expect(hashOfFields(VEHICLE_FIELDS, hmget({ active: '0' }))).toEqual({ active: '0' });
    expect(parseVehicleHash('v1', hashOfFields(VEHICLE_FIELDS, hmget({})))).toBeNull();
  });
});
