import { describe, expect, it } from 'vitest';
import { settleZones, ZONE_MARGIN_M } from './zone-hysteresis.js';
import { ZoneIndex } from './zone-index.js';
import { squareZone } from './square-zone.fixture.js';

// A square zone whose east edge is the meridian -122.40.
const square = squareZone('z');
const zones = new ZoneIndex([square]);
const LAT = 37.785;
/** Longitude `m` metres east (positive: outside) of the zone's east edge. */
const east = (m: number) => -122.4 + m / (111_320 * Math.cos((LAT * Math.PI) / 180));
const settle = (previous: string[] | undefined, m: number) =>
  settleZones(previous, zones.containing(east(m), LAT), east(m), LAT, zones);

describe('zone hysteresis', () => {
  it('keeps a vehicle in its zone while GPS noise puts it just outside the boundary', () => {
    expect(settle(['z'], 3)).toEqual(['z']);
    expect(settle(['z'], ZONE_MARGIN_M - 1)).toEqual(['z']);
    expect(settle(['z'], ZONE_MARGIN_M + 1)).toEqual([]);
  });

  it('enters a zone only once the fix is clear of its boundary', () => {
    expect(settle([], -3)).toEqual([]);
    expect(settle([], -(ZONE_MARGIN_M - 1))).toEqual([]);
    expect(settle([], -(ZONE_MARGIN_M + 1))).toEqual(['z']);
  });

  it('takes the containing zones as they are for a vehicle without a previous fix', () => {
    expect(settle(undefined, -1)).toEqual(['z']);
    expect(settle(undefined, 1)).toEqual([]);
  });

  it('leaves a zone that no longer exists, however close', () => {
    expect(settleZones(['gone'], [], east(-1), LAT, zones)).toEqual([]);
  });
});
