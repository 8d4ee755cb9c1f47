import { describe, expect, it } from 'vitest';
import {
  bearingDeg,
  bearingDiff,
  haversineM,
  normaliseBearing,
  offsetLonLat,
} from '../src/index.js';

describe('geo', () => {
  it('haversine matches a known distance (Ferry Building to City Hall ≈ 2.9 km)', () => {
    const d = haversineM(-122.3937, 37.7955, -122.4193, 37.7793);
    expect(d).toBeGreaterThan(2800);
    expect(d).toBeLessThan(3000);
  });

  it('bearings point north, east, south and west', () => {
    expect(bearingDeg(-122.4, 37.7, -122.4, 37.8)).toBeCloseTo(0, 5);
    expect(bearingDeg(-122.4, 37.7, -122.3, 37.7)).toBeCloseTo(90, 0);
    expect(bearingDeg(-122.4, 37.8, -122.4, 37.7)).toBeCloseTo(180, 5);
    expect(bearingDeg(-122.3, 37.7, -122.4, 37.7)).toBeCloseTo(270, 0);
  });

  it('normalises bearings into [0, 360)', () => {
    expect(normaliseBearing(-90)).toBe(270);
    expect(normaliseBearing(720)).toBe(0);
    expect(normaliseBearing(359.99999999999994 + 1e-14)).toBeLessThan(360);
    expect(bearingDiff(350, 10)).toBe(20);
  });

  it('offsets by metres', () => {
    const p = offsetLonLat(-122.4, 37.7, 100, 200);
    expect(haversineM(-122.4, 37.7, p.lon, p.lat)).toBeCloseTo(Math.hypot(100, 200), 0);
  });
});
