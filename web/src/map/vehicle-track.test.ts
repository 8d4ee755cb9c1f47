import { describe, expect, it } from 'vitest';
import { trackLine } from './vehicle-track.js';

describe('vehicle track line', () => {
  it('is one line through the points in order, none for fewer than two', () => {
    expect(trackLine([]).features).toEqual([]);
    expect(trackLine([[-122.4, 37.78]]).features).toEqual([]);
    const line = trackLine([
      [-122.4, 37.78],
      [-122.41, 37.781],
      [-122.42, 37.782],
    ]);
    expect(line.features).toHaveLength(1);
    expect(line.features[0]!.geometry.coordinates).toEqual([
      [-122.4, 37.78],
      [-122.41, 37.781],
      [-122.42, 37.782],
    ]);
  });
});
