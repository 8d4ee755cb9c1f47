import type { RoutingProfile } from '@city/roadgraph';
import type { VEHICLE_TYPES } from '@city/contracts';

export type VehicleType = (typeof VEHICLE_TYPES)[number];
export type Powertrain = 'petrol' | 'diesel' | 'hybrid' | 'electric';

/** What a vehicle is doing; decides what happens when it reaches the end of its route. */
export type VehicleMode = 'trip' | 'loop' | 'parked' | 'responding' | 'on_scene' | 'returning';

export interface Vehicle {
  readonly index: number;
  readonly id: string;
  readonly type: VehicleType;
  readonly profile: RoutingProfile;
  mode: VehicleMode;
  /** Directed edges to drive; `routeIdx` is the current one. */
  route: ArrayLike<number>;
  routeIdx: number;
  /** Current directed edge, or -1 before placement. */
  edge: number;
  /** Metres from the start of the current edge. */
  pos: number;
  /** Where to stop on the last edge of the route (metres from its start). */
  stopAtM: number;
  speedMps: number;
  /** Personal factor on the speed limit (some drive a little faster or slower). */
  readonly driverFactor: number;
  /** Stopped (parked, bus stop, delivery, on scene) until this simulated second. */
  dwellUntilS: number;
  /** Lights and sirens: may pass red lights (slowly) and drive a little above the limit. */
  sirens: boolean;
  nextReportS: number;
  reports: number;
  // Telemetry
  readonly make: string;
  readonly model: string;
  readonly year: number;
  readonly powertrain: Powertrain;
  /** Fuel or battery, percent. */
  energyPct: number;
  odometerKm: number;
  passengers: number;
  readonly capacity: number;
  /** Buses: the loop route, repeated. */
  readonly loop?: Int32Array;
  /** Emergency units: the home node. */
  readonly baseNode?: number;
}
