import type { RoadGraph } from '@city/roadgraph';
import type { Traffic } from './traffic.js';
import type { Vehicle } from './vehicle.js';

const ACCEL_MPS2 = 2.5;
const DECEL_MPS2 = 4.5;
/** Crawl speed of an emergency unit crossing against a red light. */
const SIREN_RED_CROSSING_MPS = 5;

export interface MovementHooks {
  /** The vehicle crossed `node` from edge `fromEdge` into `toEdge` at `speedMps`. */
  pass(v: Vehicle, node: number, fromEdge: number, toEdge: number, speedMps: number): void;
  /** Waiting at a red light at the end of `edge` for `dtS` seconds. */
  queued(v: Vehicle, edge: number, dtS: number): void;
  /** Reached the end of its route. */
  arrive(v: Vehicle): void;
}

/** Speed the vehicle aims for on its current edge, m/s. */
export function targetSpeedMps(v: Vehicle, graph: RoadGraph, traffic: Traffic): number {
  const limit = graph.edgeSpeedKmh[v.edge]! / 3.6;
  const typeFactor = v.type === 'bus' ? 0.85 : v.type === 'delivery_van' ? 0.92 : 1;
  const siren = v.sirens ? 1.25 : 1;
  // Emergency units drive past slow traffic (others pull over) but not past a blocked road.
  const flow = v.sirens ? Math.max(0.6, traffic.speedFactor(v.edge)) : traffic.speedFactor(v.edge);
  return limit * v.driverFactor * typeFactor * siren * flow;
}

/**
 * Moves a vehicle along its route for `dtS` seconds: accelerates toward the target speed, stops at
 * red lights at the end of an edge, crosses junctions into the next edge and reports arrival.
 */
export function advanceVehicle(
  v: Vehicle,
  dtS: number,
  nowS: number,
  graph: RoadGraph,
  traffic: Traffic,
  hooks: MovementHooks,
): void {
  if (v.edge < 0 || v.dwellUntilS > nowS) {
    v.speedMps = 0;
    return;
  }
  const target = targetSpeedMps(v, graph, traffic);
  v.speedMps =
    v.speedMps < target
      ? Math.min(target, v.speedMps + ACCEL_MPS2 * dtS)
      : Math.max(target, v.speedMps - DECEL_MPS2 * dtS);
  let dist = v.speedMps * dtS;
  let moved = 0;
  while (dist > 0) {
    const last = v.routeIdx >= v.route.length - 1;
    const edgeLength = graph.edgeLengthM(v.edge);
    const end = last ? Math.min(v.stopAtM, edgeLength) : edgeLength;
    const left = end - v.pos;
    if (dist < left) {
      v.pos += dist;
      moved += dist;
      break;
    }
    v.pos = end;
    moved += Math.max(0, left);
    if (last) {
      hooks.arrive(v);
      break;
    }
    const node = graph.edgeTo(v.edge);
    if (!traffic.isGreen(v.edge, node, nowS)) {
      if (!v.sirens) {
        v.speedMps = 0;
        hooks.queued(v, v.edge, dtS);
        break;
      }
      v.speedMps = Math.min(v.speedMps, SIREN_RED_CROSSING_MPS);
    }
    dist -= Math.max(0, left);
    const next = v.route[++v.routeIdx]!;
    hooks.pass(v, node, v.edge, next, v.speedMps);
    traffic.occupancy[v.edge]!--;
    traffic.occupancy[next]!++;
    v.edge = next;
    v.pos = 0;
  }
  v.odometerKm += moved / 1000;
}

/** Puts a vehicle on a new route (at `startPos` on its first edge), keeping occupancy right. */
export function assignRoute(
  v: Vehicle,
  traffic: Traffic,
  route: ArrayLike<number>,
  stopAtM = Infinity,
  startIdx = 0,
  startPos = 0,
): void {
  if (route.length === 0) return;
  if (v.edge >= 0) traffic.occupancy[v.edge]!--;
  v.route = route;
  v.routeIdx = startIdx;
  v.edge = route[startIdx]!;
  v.pos = startPos;
  v.stopAtM = stopAtM;
  traffic.occupancy[v.edge]!++;
}
