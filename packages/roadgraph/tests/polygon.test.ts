import { describe, expect, it } from 'vitest';
import { pointInPolygon, pointInRing, type Ring } from '../src/index.js';

// A 0.01° square around (-122.41, 37.78) with a 0.004° square hole in its middle.
const outer: Ring = [
  [-122.415, 37.775],
  [-122.405, 37.775],
  [-122.405, 37.785],
  [-122.415, 37.785],
  [-122.415, 37.775],
];
const hole: Ring = [
  [-122.412, 37.778],
  [-122.408, 37.778],
  [-122.408, 37.782],
  [-122.412, 37.782],
  [-122.412, 37.778],
];

describe('pointInRing', () => {
  it('is true inside and false outside, on either side of every edge', () => {
    expect(pointInRing(-122.414, 37.776, outer)).toBe(true);
    expect(pointInRing(-122.416, 37.78, outer)).toBe(false);
    expect(pointInRing(-122.404, 37.78, outer)).toBe(false);
    expect(pointInRing(-122.41, 37.774, outer)).toBe(false);
    expect(pointInRing(-122.41, 37.786, outer)).toBe(false);
  });

  it('handles a concave ring (a point in the notch is outside) and an unclosed ring', () => {
    // A "U": the notch between the arms is x in (1, 2), y > 1.
    const u: Ring = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
    ];
    expect(pointInRing(1.5, 2, u)).toBe(false);
    expect(pointInRing(0.5, 2, u)).toBe(true);
    expect(pointInRing(2.5, 2, u)).toBe(true);
    expect(pointInRing(1.5, 0.5, u)).toBe(true);
  });
});

describe('pointInPolygon', () => {
  it('excludes holes and is false without rings', () => {
    expect(pointInPolygon(-122.414, 37.776, [outer, hole])).toBe(true);
    expect(pointInPolygon(-122.41, 37.78, [outer, hole])).toBe(false);
    expect(pointInPolygon(-122.41, 37.78, [outer])).toBe(true);
    expect(pointInPolygon(-122.41, 37.78, [])).toBe(false);
  });
});
