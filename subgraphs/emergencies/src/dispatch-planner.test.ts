import { describe, expect, it } from 'vitest';
import { isRoutable, loadRoadNetwork, pointAlongSegment, RoadGraph, Router } from '@city/roadgraph';
import { createDispatchPlanner } from './dispatch-planner.js';

const network = loadRoadNetwork();
const planner = createDispatchPlanner(network);

describe('createDispatchPlanner', () => {
  const seg = network.segments.find(
    (s) => s.highway === 'secondary' && !s.oneway && s.lengthM > 150 && isRoutable(s, 'car'),
  )!;
  const target = pointAlongSegment(seg, seg.lengthM / 2);
  const incident = { latitude: target.lat, longitude: target.lon };

  it('ranks a unit on the same segment first, with the partial-segment time', () => {
    const near = pointAlongSegment(seg, seg.lengthM * 0.25);
    const far = network.segments[network.segments.length >> 1]!;
    const ranked = planner.rank(incident, [
      { id: 'far', latitude: far.coords[1]!, longitude: far.coords[0]! },
      { id: 'near', latitude: near.lat, longitude: near.lon },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['near', 'far']);
    const speedMps = (seg.maxspeedKmh ?? 40.2) / 3.6;
    expect(ranked[0]!.lengthM).toBeCloseTo(seg.lengthM * 0.25, -1);
    expect(ranked[0]!.travelTimeS).toBeGreaterThan(0);
    expect(ranked[0]!.travelTimeS).toBeLessThan((seg.lengthM * 0.25) / speedMps + 10);
  });

  it('agrees with an A* route between the snapped segment ends', () => {
    const other = network.segments.find(
      (s, i) => i > seg.id + 500 && s.highway === 'residential' && isRoutable(s, 'emergency'),
    )!;
    const start = network.nodes[other.fromNode]!;
    const [r] = planner.rank(incident, [{ id: 'u', latitude: start.lat, longitude: start.lon }]);
    const graph = new RoadGraph(network, 'emergency');
    const router = new Router(graph);
    const viaFrom = router.route(other.fromNode, seg.fromNode);
    const viaTo = router.route(other.fromNode, seg.toNode);
    const best = Math.min(viaFrom?.travelTimeS ?? Infinity, viaTo?.travelTimeS ?? Infinity);
    // The unit starts at a segment end; the incident is half a segment past one of the ends.
    const halfSegmentS = seg.lengthM / 2 / ((seg.maxspeedKmh ?? 40.2) / 3.6);
    expect(r!.travelTimeS).toBeGreaterThan(best - halfSegmentS - 1);
    expect(r!.travelTimeS).toBeLessThan(best + halfSegmentS + 1);
  });

  it('leaves out units it cannot place on the network', () => {
    expect(planner.rank(incident, [{ id: 'sea', latitude: 37.6, longitude: -123.2 }])).toEqual([]);
  });
});
