import { EXAMPLE_EVENTS, type SegmentObservation } from '@city/contracts';
import { describe, expect, it } from 'vitest';
import { addObservation, newBucket } from './segment-bucket.js';

// The example is a run of several fixes: each test states its own speedSamples.
const { speedSamples: _, ...single } = EXAMPLE_EVENTS.segment_observations;
const gps = (over: Partial<SegmentObservation>): SegmentObservation => ({
  ...single,
  kind: 'gps',
  intervalSeconds: 0,
  occupancyPct: null,
  vehicleCount: 1,
  ...over,
});

describe('segment bucket', () => {
  it('weighs a run of fixes as the fixes one by one, and counts its vehicle once', () => {
    const oneByOne = newBucket(0);
    for (const speedKmh of [10, 20, 30, 40, 50])
      addObservation(oneByOne, gps({ vehicleId: 'bus-1', speedKmh }));
    const run = newBucket(0);
    addObservation(run, gps({ vehicleId: 'bus-1', speedKmh: 30, speedSamples: 5 }));
    expect(run).toEqual(oneByOne);
    expect(run).toMatchObject({ speedSum: 150, speedWeight: 5, probes: new Set(['bus-1']) });
  });

  it('counts an observation without speedSamples (a single fix, older producers) once', () => {
    const bucket = newBucket(0);
    addObservation(bucket, gps({ vehicleId: 'bus-1', speedKmh: 30 }));
    addObservation(bucket, gps({ vehicleId: 'bus-2', speedKmh: 10, speedSamples: 3 }));
    expect(bucket.speedSum / bucket.speedWeight).toBe(15);
    expect(bucket.probes.size).toBe(2);
  });
});
