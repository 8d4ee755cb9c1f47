import { beforeAll, describe, expect, it } from 'vitest';
import {
  bearingDiff,
  BinaryHeap,
  haversineM,
  isRoutable,
  largestStronglyConnectedComponent,
  loadRoadNetwork,
  pathInTree,
  shortestPathTree,
  RoadGraph,
  Router,
  SegmentIndex,
  speedLimitKmh,
  SF_DEFAULT_SPEED_KMH,
  type RoadNetwork,
} from '../src/index.js';

let net: RoadNetwork;
let car: RoadGraph;
let bus: RoadGraph;
let scc: Int32Array;

beforeAll(() => {
  net = loadRoadNetwork();
  car = new RoadGraph(net, 'car');
  bus = new RoadGraph(net, 'bus');
  scc = largestStronglyConnectedComponent(car);
});

/** Plain Dijkstra without heuristic, as a reference for the A* router. */
function referenceTime(g: RoadGraph, from: number, to: number): number {
  const dist = new Float64Array(g.nodeCount).fill(Infinity);
  const heap = new BinaryHeap();
  dist[from] = 0;
  heap.push(from, 0);
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    if (key > dist[u]!) continue;
    if (u === to) return key;
    for (const e of g.outEdges(u)) {
      const v = g.edgeTo(e);
      const d = key + g.edgeTravelTimeS[e]!;
      if (d < dist[v]!) {
        dist[v] = d;
        heap.push(v, d);
      }
    }
  }
  return Infinity;
}

describe('loading', () => {
  it('loads every node and segment with geometry that starts and ends at its nodes', () => {
    expect(net.nodes.length).toBe(8867);
    expect(net.segments.length).toBe(11493);
    for (const s of net.segments) {
      const from = net.nodes[s.fromNode]!;
      const to = net.nodes[s.toNode]!;
      expect(haversineM(from.lon, from.lat, s.coords[0]!, s.coords[1]!)).toBeLessThan(1);
      const n = s.coords.length;
      expect(haversineM(to.lon, to.lat, s.coords[n - 2]!, s.coords[n - 1]!)).toBeLessThan(1);
    }
    expect(net.attribution).toContain('OpenStreetMap contributors');
  });
});

describe('RoadGraph', () => {
  it('has only the forward edge of one-way segments', () => {
    const oneway = net.segments.filter((s) => s.oneway && isRoutable(s, 'car'));
    expect(oneway.length).toBeGreaterThan(1000);
    for (const s of oneway) {
      expect(car.edgeExists[s.id * 2]).toBe(1);
      expect(car.edgeExists[s.id * 2 + 1]).toBe(0);
    }
    const twoway = net.segments.find((s) => !s.oneway && isRoutable(s, 'car'))!;
    expect(car.edgeExists[twoway.id * 2 + 1]).toBe(1);
    expect(car.edgeFrom(twoway.id * 2 + 1)).toBe(twoway.toNode);
  });

  it('never routes through parking aisles, driveways or private roads; busways only for buses', () => {
    for (const s of net.segments) {
      const excluded =
        ['parking_aisle', 'driveway', 'drive-through'].includes(s.service ?? '') ||
        ['private', 'no'].includes(s.access ?? '');
      if (excluded) {
        expect(car.edgeExists[s.id * 2]).toBe(0);
        expect(bus.edgeExists[s.id * 2]).toBe(0);
      }
      if (s.highway === 'busway' && !excluded) {
        expect(car.edgeExists[s.id * 2]).toBe(0);
        expect(bus.edgeExists[s.id * 2]).toBe(1);
      }
    }
  });

  it('uses maxspeed when tagged and the class default otherwise (SF default 25 mph)', () => {
    const tagged = net.segments.find((s) => s.maxspeedKmh !== null)!;
    expect(speedLimitKmh(tagged)).toBe(tagged.maxspeedKmh);
    const residential = net.segments.find(
      (s) => s.highway === 'residential' && s.maxspeedKmh === null,
    )!;
    expect(speedLimitKmh(residential)).toBe(SF_DEFAULT_SPEED_KMH);
    expect(car.edgeTravelTimeS[residential.id * 2]).toBeCloseTo(
      residential.lengthM / (40.2 / 3.6),
      6,
    );
  });

  it('interpolates positions along an edge, reversed for the backward edge', () => {
    const s = net.segments.find((x) => !x.oneway && x.coords.length > 4 && isRoutable(x, 'car'))!;
    const start = car.pointAt(s.id * 2, 0);
    expect(start.lon).toBeCloseTo(s.coords[0]!, 9);
    const end = car.pointAt(s.id * 2 + 1, s.lengthM);
    expect(end.lon).toBeCloseTo(s.coords[0]!, 9);
    const mid = car.pointAt(s.id * 2, s.lengthM / 2);
    const back = car.pointAt(s.id * 2 + 1, s.lengthM / 2);
    expect(haversineM(mid.lon, mid.lat, back.lon, back.lat)).toBeLessThan(0.01);
    expect(bearingDiff(mid.headingDeg, back.headingDeg)).toBeGreaterThan(179);
  });
});

describe('Router', () => {
  it('finds connected, legal routes with optimal travel time (matches plain Dijkstra)', () => {
    const router = new Router(car);
    for (let i = 0; i < 30; i++) {
      const a = scc[(i * 7919) % scc.length]!;
      const b = scc[(i * 104_729 + 13) % scc.length]!;
      const route = router.route(a, b)!;
      expect(route).not.toBeNull();
      let at = a;
      let time = 0;
      for (const e of route.edges) {
        expect(car.edgeExists[e]).toBe(1);
        expect(car.edgeFrom(e)).toBe(at);
        at = car.edgeTo(e);
        time += car.edgeTravelTimeS[e]!;
      }
      expect(at).toBe(b);
      expect(time).toBeCloseTo(route.travelTimeS, 6);
      expect(route.travelTimeS).toBeCloseTo(referenceTime(car, a, b), 6);
    }
  });

  it('shortest-path trees give the same fastest paths as point-to-point routing', () => {
    const router = new Router(car);
    const origin = scc[42]!;
    const tree = shortestPathTree(car, origin);
    for (let i = 0; i < 20; i++) {
      const to = scc[(i * 3571 + 7) % scc.length]!;
      const path = pathInTree(car, tree, to)!;
      expect(tree.timeS[to]).toBeCloseTo(router.route(origin, to)!.travelTimeS, 6);
      let at = origin;
      for (const e of path) {
        expect(car.edgeFrom(e)).toBe(at);
        at = car.edgeTo(e);
      }
      expect(at).toBe(to);
    }
  });

  it('avoids penalised edges and returns null when forbidden everywhere', () => {
    const router = new Router(car);
    const a = scc[10]!;
    const b = scc[scc.length - 10]!;
    const first = router.route(a, b)!;
    const blocked = first.edges[Math.floor(first.edges.length / 2)]!;
    const detour = router.route(a, b, (e) => (e === blocked ? Infinity : 0))!;
    expect(detour.edges).not.toContain(blocked);
    expect(detour.travelTimeS).toBeGreaterThanOrEqual(first.travelTimeS);
    expect(router.route(a, b, () => Infinity)).toBeNull();
  });

  it('the largest strongly connected component is mutually reachable', () => {
    expect(scc.length).toBeGreaterThan(5000);
    const router = new Router(car);
    for (let i = 0; i < 10; i++) {
      const a = scc[(i * 31) % scc.length]!;
      const b = scc[(i * 7177 + 5) % scc.length]!;
      expect(router.route(a, b)).not.toBeNull();
      expect(router.route(b, a)).not.toBeNull();
    }
  });
});

describe('SegmentIndex', () => {
  it('agrees with a brute-force nearest segment', () => {
    const index = new SegmentIndex(net);
    const brute = new SegmentIndex(net, 100_000); // one cell: scans everything
    for (let i = 0; i < 50; i++) {
      const lon = -122.45 + ((i * 37) % 50) * 0.0014;
      const lat = 37.755 + ((i * 11) % 50) * 0.001;
      const a = index.nearest(lon, lat, 2000);
      const b = brute.nearest(lon, lat, 2000);
      expect(a?.distanceM).toBeCloseTo(b?.distanceM ?? NaN, 6);
    }
  });

  it('returns the point on the segment and its offset, or null beyond the limit', () => {
    const index = new SegmentIndex(net);
    const s = net.segments[100]!;
    const p = car.pointAt(s.id * 2, s.lengthM / 3);
    const m = index.nearest(p.lon, p.lat, 50, (id) => id === s.id)!;
    expect(m.segmentId).toBe(s.id);
    expect(m.distanceM).toBeLessThan(0.5);
    expect(m.offsetM).toBeCloseTo(s.lengthM / 3, 0);
    expect(index.nearest(-122.0, 37.0, 250)).toBeNull();
  });
});
