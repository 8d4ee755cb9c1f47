import type { GpsEvent } from '@city/contracts';

export type VehicleType = GpsEvent['vehicleType'];

/** What the stage remembers per vehicle (compact: it is snapshotted with every batch). */
export interface VehicleMemory {
  /** Event time of the newest fix (ms). */
  f: number;
  /** Processing time the newest fix arrived (ms): staleness is "not heard from for N s". */
  s: number;
  /** Zone ids the vehicle is in, sorted. */
  z: string[];
  /** Speeding on the newest fix. */
  o: boolean;
  /** In the active set (false once stale). */
  a: boolean;
  /** Event time (ms) since which the vehicle has been standing still; absent while it moves. */
  p?: number;
}

export interface VehiclesState {
  vehicles: Record<string, VehicleMemory>;
}

export function createVehiclesState(): VehiclesState {
  return { vehicles: {} };
}

export function restoreVehiclesState(snapshot: unknown): VehiclesState {
  const s = snapshot as Partial<VehiclesState> | null;
  return { vehicles: { ...(s?.vehicles ?? {}) } };
}
