import type { VehicleType } from './vehicles-state.js';
import {
  isRoutable,
  speedLimitKmh,
  SegmentIndex,
  type RoadNetwork,
  type RoutingProfile,
} from '@city/roadgraph';

export interface SegmentMatchResult {
  readonly segmentId: number;
  readonly distanceM: number;
  readonly limitKmh: number;
  readonly name: string | null;
}

export interface MapMatcher {
  /**
   * The segment a fix is on. `previousSegmentId` (the vehicle's segment at its last fix) is kept
   * while it is within STICKY_M of the nearest one: GPS noise near an intersection would otherwise
   * flip the vehicle between the segments meeting there.
   */
  match(
    lon: number,
    lat: number,
    vehicleType: VehicleType,
    previousSegmentId?: number,
  ): SegmentMatchResult | null;
}

/** How much closer (m) another segment must be than the vehicle's current one to take it over. */
export const STICKY_M = 8;

function profileOf(type: VehicleType): RoutingProfile {
  if (type === 'ambulance' || type === 'fire_engine' || type === 'police') return 'emergency';
  return type === 'bus' ? 'bus' : 'car';
}

/**
 * Nearest-segment map matching on the road graph, limited to roads the vehicle may use (a car is
 * never matched to a busway or a parking aisle it drives beside).
 */
export function createMapMatcher(network: RoadNetwork, maxDistanceM: number): MapMatcher {
  const index = new SegmentIndex(network);
  const routable: Record<RoutingProfile, Uint8Array> = {
    car: Uint8Array.from(network.segments, (s) => (isRoutable(s, 'car') ? 1 : 0)),
    bus: Uint8Array.from(network.segments, (s) => (isRoutable(s, 'bus') ? 1 : 0)),
    emergency: Uint8Array.from(network.segments, (s) => (isRoutable(s, 'emergency') ? 1 : 0)),
  };
  const limits = Float64Array.from(network.segments, (s) => speedLimitKmh(s));
  const result = (segmentId: number, distanceM: number): SegmentMatchResult => ({
    segmentId,
    distanceM,
    limitKmh: limits[segmentId]!,
    name: network.segments[segmentId]!.name,
  });
  return {
    match(lon, lat, vehicleType, previousSegmentId) {
      const allowed = routable[profileOf(vehicleType)];
      // The previous segment is kept while it is less than STICKY_M farther than the nearest.
      // Less than STICKY_M away it is kept whatever the nearest is (at least 0 m away): most
      // fixes, which then need no search of the index.
      const kept =
        previousSegmentId !== undefined && allowed[previousSegmentId] === 1
          ? index.distanceTo(previousSegmentId, lon, lat)
          : Infinity;
      if (kept < STICKY_M && kept < maxDistanceM) return result(previousSegmentId!, kept);
      const found = index.nearest(lon, lat, maxDistanceM, (id) => allowed[id] === 1);
      if (!found) return null;
      if (kept < Math.min(maxDistanceM, found.distanceM + STICKY_M))
        return result(previousSegmentId!, kept);
      return result(found.segmentId, found.distanceM);
    },
  };
}
