export type NodeControl = 'traffic_signals' | 'stop' | null;

export interface RoadNode {
  readonly id: number;
  readonly lon: number;
  readonly lat: number;
  /** Segment ends at this node in the full (unfiltered) network. */
  readonly degree: number;
  readonly control: NodeControl;
}

export interface RoadSegment {
  readonly id: number;
  readonly osmId: number;
  readonly name: string | null;
  readonly highway: string;
  readonly service: string | null;
  /** True: traffic may only go from `fromNode` to `toNode` (coordinate order). */
  readonly oneway: boolean;
  readonly maxspeedKmh: number | null;
  readonly lanes: number | null;
  readonly access: string | null;
  readonly fromNode: number;
  readonly toNode: number;
  /** Interleaved lon,lat pairs from `fromNode` to `toNode`. */
  readonly coords: Float64Array;
  /** Cumulative haversine distance in metres at each vertex; the last entry is the length. */
  readonly cumLengthM: Float64Array;
  readonly lengthM: number;
}

export interface RoadNetwork {
  /** Indexed by node id (ids are dense, 0..n-1). */
  readonly nodes: readonly RoadNode[];
  /** Indexed by segment id (ids are dense, 0..n-1). */
  readonly segments: readonly RoadSegment[];
  readonly attribution: string;
}

/** Who is driving: decides which roads may be used. */
export type RoutingProfile = 'car' | 'bus' | 'emergency';

export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

export interface PointOnEdge extends LonLat {
  /** Direction of travel, degrees clockwise from true north, [0, 360). */
  readonly headingDeg: number;
}
