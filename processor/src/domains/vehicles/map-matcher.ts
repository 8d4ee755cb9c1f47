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
  match(lon: number, lat: number, vehicleType: VehicleType): SegmentMatchResult | null;
}

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
  return {
    match(lon, lat, vehicleType) {
      const allowed = routable[profileOf(vehicleType)];
      const found = index.nearest(lon, lat, maxDistanceM, (id) => allowed[id] === 1);
      if (!found) return null;
      return {
        segmentId: found.segmentId,
        distanceM: found.distanceM,
        limitKmh: limits[found.segmentId]!,
        name: network.segments[found.segmentId]!.name,
      };
    },
  };
}
