import type { RoadGraph, RoadNetwork } from '@city/roadgraph';
import type { Rng } from './rng.js';

/** Signal cycle: north-south approaches green, all-red, east-west green, all-red. */
export const SIGNAL_CYCLE_S = 90;
const NS_GREEN_END = 40;
const EW_GREEN_START = 45;
const EW_GREEN_END = 85;
/** Metres of lane one queued or moving vehicle takes at jam density. */
const JAM_SPACING_M = 7.5;

/**
 * Shared road state: vehicles per directed edge (density), incident slow-downs and signal phases.
 * Edge ids are the road graph's (segment * 2 + direction), the same for every routing profile.
 */
export class Traffic {
  readonly occupancy: Int32Array;
  /** Multiplier on free-flow speed from incidents (1 = clear). */
  readonly incidentFactor: Float64Array;
  private readonly jamCount: Float64Array;
  /** 0: the edge arrives heading roughly north or south; 1: east or west. */
  private readonly approachGroup: Uint8Array;
  readonly signalOffsetS: Float64Array;
  readonly signalised: Uint8Array;

  constructor(
    readonly network: RoadNetwork,
    geometry: RoadGraph,
    rng: Rng,
  ) {
    const edges = network.segments.length * 2;
    this.occupancy = new Int32Array(edges);
    this.incidentFactor = new Float64Array(edges).fill(1);
    this.jamCount = new Float64Array(edges);
    this.approachGroup = new Uint8Array(edges);
    for (const s of network.segments) {
      const lanesTotal = s.lanes ?? (s.oneway ? 1 : 2);
      const perDirection = s.oneway ? lanesTotal : Math.max(1, lanesTotal / 2);
      for (const dir of [0, 1]) {
        const e = s.id * 2 + dir;
        this.jamCount[e] = Math.max(1, (perDirection * s.lengthM) / JAM_SPACING_M);
        const b = geometry.arrivalBearingDeg(e) % 180;
        this.approachGroup[e] = b < 45 || b >= 135 ? 0 : 1;
      }
    }
    this.signalised = new Uint8Array(network.nodes.length);
    this.signalOffsetS = new Float64Array(network.nodes.length);
    for (const n of network.nodes) {
      if (n.control === 'traffic_signals') {
        this.signalised[n.id] = 1;
        this.signalOffsetS[n.id] = rng.range(0, SIGNAL_CYCLE_S);
      }
    }
  }

  /** Speed multiplier for an edge: Greenshields (linear in density) times incident slow-down. */
  speedFactor(edge: number): number {
    const density = this.occupancy[edge]! / this.jamCount[edge]!;
    return Math.max(0.12, 1 - density) * this.incidentFactor[edge]!;
  }

  /** Vehicles per lane-km relative to jam density, 0..1+. */
  density(edge: number): number {
    return this.occupancy[edge]! / this.jamCount[edge]!;
  }

  /** Whether a vehicle arriving on `edge` at signalised `node` may enter the junction now. */
  isGreen(edge: number, node: number, nowS: number): boolean {
    if (!this.signalised[node]) return true;
    const t = (nowS + this.signalOffsetS[node]!) % SIGNAL_CYCLE_S;
    return this.approachGroup[edge] === 0
      ? t < NS_GREEN_END
      : t >= EW_GREEN_START && t < EW_GREEN_END;
  }
}
