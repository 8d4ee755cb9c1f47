import {
  BinaryHeap,
  haversineM,
  largestStronglyConnectedComponent,
  RoadGraph,
  SegmentIndex,
  type RoadNetwork,
  type SegmentMatch,
} from '@city/roadgraph';

export interface UnitPosition {
  readonly id: string;
  readonly latitude: number;
  readonly longitude: number;
}

export interface RankedUnit {
  readonly id: string;
  readonly travelTimeS: number;
  readonly lengthM: number;
  readonly straightLineM: number;
}

export interface DispatchPlanner {
  /** Nearest segment within `maxDistanceM` that emergency units can reach and leave. */
  snap(lon: number, lat: number, maxDistanceM?: number): SegmentMatch | null;
  /** Units that can reach the point, fastest first. */
  rank(
    target: { latitude: number; longitude: number },
    units: readonly UnitPosition[],
  ): RankedUnit[];
}

/** How far off the road network a unit or incident may be and still be snapped onto it. */
const SNAP_M = 500;

/**
 * Ranks units by travel time at speed limits over the emergency routing profile. One backward
 * Dijkstra from the incident (over incoming edges) gives every unit's time in a single search,
 * stopped once all units' segment ends are settled. Points are snapped to the nearest segment of
 * the largest strongly connected component, so every snapped pair has a route; the partial
 * segments at both ends are counted.
 */
export function createDispatchPlanner(network: RoadNetwork): DispatchPlanner {
  const graph = new RoadGraph(network, 'emergency');
  const inCore = new Uint8Array(graph.nodeCount);
  for (const n of largestStronglyConnectedComponent(graph)) inCore[n] = 1;
  const index = new SegmentIndex(network);
  const usable = (segmentId: number) => {
    const fwd = segmentId * 2;
    const has = graph.edgeExists[fwd] || graph.edgeExists[fwd + 1];
    const s = network.segments[segmentId]!;
    return Boolean(has) && inCore[s.fromNode] === 1 && inCore[s.toNode] === 1;
  };
  const snap = (lon: number, lat: number, maxDistanceM = SNAP_M) =>
    index.nearest(lon, lat, maxDistanceM, usable);
  const time = new Float64Array(graph.nodeCount);
  const length = new Float64Array(graph.nodeCount);
  const settled = new Uint8Array(graph.nodeCount);

  /** Seconds and metres to drive `metres` of a directed edge. */
  const partial = (edge: number, metres: number) => ({
    t: metres / (graph.edgeSpeedKmh[edge]! / 3.6),
    m: metres,
  });

  function rank(
    target: { latitude: number; longitude: number },
    units: readonly UnitPosition[],
  ): RankedUnit[] {
    const goal = snap(target.longitude, target.latitude);
    if (!goal) return [];
    const gs = network.segments[goal.segmentId]!;
    const starts = units.flatMap((u) => {
      const m = snap(u.longitude, u.latitude);
      return m ? [{ unit: u, match: m }] : [];
    });
    time.fill(Infinity);
    length.fill(0);
    settled.fill(0);
    const heap = new BinaryHeap(4096);
    const seed = (node: number, t: number, m: number) => {
      if (t < time[node]!) {
        time[node] = t;
        length[node] = m;
        heap.push(node, t);
      }
    };
    // Reaching the incident point: along the forward edge from fromNode, or the reverse from toNode.
    if (graph.edgeExists[gs.id * 2]) {
      const p = partial(gs.id * 2, goal.offsetM);
      seed(gs.fromNode, p.t, p.m);
    }
    if (graph.edgeExists[gs.id * 2 + 1]) {
      const p = partial(gs.id * 2 + 1, gs.lengthM - goal.offsetM);
      seed(gs.toNode, p.t, p.m);
    }
    const pending = new Set<number>();
    for (const { match } of starts) {
      const s = network.segments[match.segmentId]!;
      pending.add(s.fromNode).add(s.toNode);
    }
    while (heap.size > 0 && pending.size > 0) {
      const key = heap.peekKey();
      const u = heap.pop();
      if (settled[u] || key > time[u]!) continue;
      settled[u] = 1;
      pending.delete(u);
      for (const e of graph.inEdges(u)) {
        const v = graph.edgeFrom(e);
        const t = key + graph.edgeTravelTimeS[e]!;
        if (t < time[v]!) {
          time[v] = t;
          length[v] = length[u]! + graph.edgeLengthM(e);
          heap.push(v, t);
        }
      }
    }
    const ranked: RankedUnit[] = [];
    for (const { unit, match } of starts) {
      const s = network.segments[match.segmentId]!;
      let best = { t: Infinity, m: 0 };
      const consider = (t: number, m: number) => {
        if (t < best.t) best = { t, m };
      };
      const fwd = s.id * 2;
      if (graph.edgeExists[fwd]) {
        const p = partial(fwd, s.lengthM - match.offsetM);
        consider(p.t + time[s.toNode]!, p.m + length[s.toNode]!);
        if (s.id === gs.id && match.offsetM <= goal.offsetM) {
          const d = partial(fwd, goal.offsetM - match.offsetM);
          consider(d.t, d.m);
        }
      }
      if (graph.edgeExists[fwd + 1]) {
        const p = partial(fwd + 1, match.offsetM);
        consider(p.t + time[s.fromNode]!, p.m + length[s.fromNode]!);
        if (s.id === gs.id && match.offsetM >= goal.offsetM) {
          const d = partial(fwd + 1, match.offsetM - goal.offsetM);
          consider(d.t, d.m);
        }
      }
      if (best.t === Infinity) continue;
      ranked.push({
        id: unit.id,
        travelTimeS: Math.round(best.t * 10) / 10,
        lengthM: Math.round(best.m),
        straightLineM: Math.round(
          haversineM(unit.longitude, unit.latitude, target.longitude, target.latitude),
        ),
      });
    }
    return ranked.sort((a, b) => a.travelTimeS - b.travelTimeS || (a.id < b.id ? -1 : 1));
  }

  return { snap, rank };
}
