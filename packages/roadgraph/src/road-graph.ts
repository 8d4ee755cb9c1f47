import { bearingDeg } from './geo.js';
import { isRoutable, speedLimitKmh } from './speeds.js';
import type { PointOnEdge, RoadNetwork, RoadSegment, RoutingProfile } from './types.js';

/**
 * Directed view of a road network for one routing profile. Edge `e` is segment `e >> 1` driven
 * forwards (`e & 1 === 0`, from `fromNode` to `toNode`) or backwards (`e & 1 === 1`). One-way
 * segments only have their forward edge; unroutable segments have none.
 */
export class RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** 1 when the directed edge exists for this profile. */
  readonly edgeExists: Uint8Array;
  readonly edgeSpeedKmh: Float64Array;
  readonly edgeTravelTimeS: Float64Array;
  /** Fastest speed of any edge, m/s: the admissible A* heuristic divides by it. */
  readonly maxSpeedMps: number;
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  private readonly inStart: Int32Array;
  private readonly inList: Int32Array;

  constructor(
    readonly network: RoadNetwork,
    readonly profile: RoutingProfile = 'car',
  ) {
    const { nodes, segments } = network;
    this.nodeCount = nodes.length;
    this.edgeCount = segments.length * 2;
    this.edgeExists = new Uint8Array(this.edgeCount);
    this.edgeSpeedKmh = new Float64Array(this.edgeCount);
    this.edgeTravelTimeS = new Float64Array(this.edgeCount);
    let maxSpeed = 1;
    for (const s of segments) {
      if (!isRoutable(s, profile)) continue;
      const kmh = speedLimitKmh(s);
      maxSpeed = Math.max(maxSpeed, kmh / 3.6);
      for (const dir of s.oneway ? [0] : [0, 1]) {
        const e = s.id * 2 + dir;
        this.edgeExists[e] = 1;
        this.edgeSpeedKmh[e] = kmh;
        this.edgeTravelTimeS[e] = s.lengthM / (kmh / 3.6);
      }
    }
    this.maxSpeedMps = maxSpeed;
    [this.outStart, this.outList] = this.adjacency((e) => this.edgeFrom(e));
    [this.inStart, this.inList] = this.adjacency((e) => this.edgeTo(e));
  }

  private adjacency(nodeOf: (edge: number) => number): [Int32Array, Int32Array] {
    const start = new Int32Array(this.nodeCount + 1);
    for (let e = 0; e < this.edgeCount; e++) if (this.edgeExists[e]) start[nodeOf(e) + 1]!++;
    for (let n = 0; n < this.nodeCount; n++) start[n + 1]! += start[n]!;
    const fill = start.slice(0, this.nodeCount);
    const list = new Int32Array(start[this.nodeCount]!);
    for (let e = 0; e < this.edgeCount; e++) if (this.edgeExists[e]) list[fill[nodeOf(e)]!++] = e;
    return [start, list];
  }

  segmentOf(edge: number): RoadSegment {
    return this.network.segments[edge >> 1]!;
  }

  isReverse(edge: number): boolean {
    return (edge & 1) === 1;
  }

  edgeFrom(edge: number): number {
    const s = this.network.segments[edge >> 1]!;
    return edge & 1 ? s.toNode : s.fromNode;
  }

  edgeTo(edge: number): number {
    const s = this.network.segments[edge >> 1]!;
    return edge & 1 ? s.fromNode : s.toNode;
  }

  edgeLengthM(edge: number): number {
    return this.network.segments[edge >> 1]!.lengthM;
  }

  /** The opposite-direction edge of the same segment, or -1 if it does not exist. */
  reverseEdge(edge: number): number {
    const r = edge ^ 1;
    return this.edgeExists[r] ? r : -1;
  }

  outEdges(node: number): Int32Array {
    return this.outList.subarray(this.outStart[node]!, this.outStart[node + 1]!);
  }

  inEdges(node: number): Int32Array {
    return this.inList.subarray(this.inStart[node]!, this.inStart[node + 1]!);
  }

  /** Position and heading at `distanceM` metres from the start of a directed edge (clamped). */
  pointAt(edge: number, distanceM: number): PointOnEdge {
    const s = this.network.segments[edge >> 1]!;
    const along = edge & 1 ? s.lengthM - distanceM : distanceM;
    return pointAlongSegment(s, along, (edge & 1) === 1);
  }

  /** Heading of a directed edge as it arrives at its end node (used for approach bearings). */
  arrivalBearingDeg(edge: number): number {
    return this.pointAt(edge, this.edgeLengthM(edge)).headingDeg;
  }
}

/**
 * Point at `alongM` metres from the segment's `fromNode`, with the heading of travel (reversed
 * when driving from `toNode` to `fromNode`).
 */
export function pointAlongSegment(s: RoadSegment, alongM: number, reverse = false): PointOnEdge {
  const cum = s.cumLengthM;
  const c = s.coords;
  const last = cum.length - 1;
  const d = Math.min(Math.max(alongM, 0), cum[last]!);
  // Binary search for the vertex interval containing d.
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! <= d) lo = mid;
    else hi = mid;
  }
  const span = cum[hi]! - cum[lo]!;
  const t = span > 0 ? (d - cum[lo]!) / span : 0;
  const lon1 = c[lo * 2]!;
  const lat1 = c[lo * 2 + 1]!;
  const lon2 = c[hi * 2]!;
  const lat2 = c[hi * 2 + 1]!;
  const heading = reverse ? bearingDeg(lon2, lat2, lon1, lat1) : bearingDeg(lon1, lat1, lon2, lat2);
  return { lon: lon1 + (lon2 - lon1) * t, lat: lat1 + (lat2 - lat1) * t, headingDeg: heading };
}
