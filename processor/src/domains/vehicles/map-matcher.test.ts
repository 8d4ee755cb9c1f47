import {
  haversineM,
  isRoutable,
  loadRoadNetwork,
  pointAlongSegment,
  SegmentIndex,
  type RoadNetwork,
} from '@city/roadgraph';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMapMatcher, STICKY_M, type MapMatcher } from './map-matcher.js';

let network: RoadNetwork;
let matcher: MapMatcher;

beforeAll(() => {
  network = loadRoadNetwork();
  matcher = createMapMatcher(network, 60);
});

/** Two car segments meeting at a node, both long enough to drive along for 25 m. */
function corner() {
  const car = (id: number) => matcher.match(...at(id, network.segments[id]!.lengthM / 2), 'car');
  for (const a of network.segments) {
    if (a.lengthM < 60 || car(a.id)?.segmentId !== a.id) continue;
    const b = network.segments.find(
      (s) =>
        s.id !== a.id &&
        s.lengthM >= 60 &&
        s.fromNode === a.toNode &&
        car(s.id)?.segmentId === s.id &&
        // Not a straight continuation: the far ends are well apart from A's line.
        haversineM(...at(a.id, 0), ...at(s.id, 25)) < a.lengthM + 15,
    );
    if (b) return { a: a.id, b: b.id };
  }
  throw new Error('no corner found');
}

function at(segmentId: number, alongM: number): [number, number] {
  const p = pointAlongSegment(network.segments[segmentId]!, alongM);
  return [p.lon, p.lat];
}

describe('map matcher', () => {
  it('keeps the previous segment near a corner, and takes the next one once it is clearly closer', () => {
    const { a, b } = corner();
    // 3 m into B, just past the node: without history B is nearest, with A as the previous
    // segment the vehicle stays on A (A's end is within STICKY_M).
    const near = at(b, 3);
    expect(matcher.match(...near, 'car')!.segmentId).toBe(b);
    expect(matcher.match(...near, 'car', a)!.segmentId).toBe(a);
    // Well along B, A is more than STICKY_M farther than B: B.
    const far = at(b, 25);
    const onB = matcher.match(...far, 'car', a)!;
    expect(onB.segmentId).toBe(b);
    expect(onB.distanceM).toBeLessThan(1);
    expect(STICKY_M).toBeLessThan(25 - 1);
  });

  it('never keeps a previous segment the vehicle may not use or that is out of range', () => {
    const { a, b } = corner();
    const mid = at(b, network.segments[b]!.lengthM / 2);
    expect(matcher.match(...mid, 'car', a)!.segmentId).toBe(b);
    expect(matcher.match(...at(a, 1), 'car', network.segments.length + 5)!.segmentId).toBe(a);
  });

  it('answers as the full rule does: the previous segment if within STICKY_M of the nearest, else the nearest', () => {
    // The matcher skips the index search when the previous segment is within STICKY_M; this
    // reference always searches. Fixes scattered 0–20 m around points of random car segments,
    // the previous segment being the one the vehicle was matched to 10 m earlier.
    const index = new SegmentIndex(network);
    const car = (id: number) => isRoutable(network.segments[id]!, 'car');
    const reference = (lon: number, lat: number, previous: number) => {
      const nearest = index.nearest(lon, lat, 60, car);
      if (!nearest) return null;
      if (previous === nearest.segmentId || !car(previous)) return nearest.segmentId;
      const kept = index.distanceTo(previous, lon, lat);
      return kept < Math.min(60, nearest.distanceM + STICKY_M) ? previous : nearest.segmentId;
    };
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    let checked = 0;
    let kept = 0;
    for (let i = 0; i < 5000; i++) {
      const s = network.segments[Math.floor(random() * network.segments.length)]!;
      if (!car(s.id) || s.lengthM < 12) continue;
      const along = 10 + random() * (s.lengthM - 10);
      const [lon0, lat0] = at(s.id, along - 10);
      const previous = matcher.match(lon0, lat0, 'car')?.segmentId;
      if (previous === undefined) continue;
      const [lon, lat] = at(s.id, along);
      const r = random() * 20;
      const angle = random() * 2 * Math.PI;
      const fixLon = lon + (r * Math.cos(angle)) / (111_320 * Math.cos((lat * Math.PI) / 180));
      const fixLat = lat + (r * Math.sin(angle)) / 111_320;
      const got = matcher.match(fixLon, fixLat, 'car', previous)?.segmentId ?? null;
      expect(got, `fix ${i}`).toBe(reference(fixLon, fixLat, previous));
      checked++;
      if (got === previous) kept++;
    }
    expect(checked).toBeGreaterThan(1000);
    // Both branches exercised: kept and changed segments.
    expect(kept).toBeGreaterThan(100);
    expect(checked - kept).toBeGreaterThan(100);
  });
});
