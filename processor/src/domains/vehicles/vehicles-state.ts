import type { GpsEvent } from '@city/contracts';
import type { SegmentRun } from './segment-run.js';

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
  /** Segment of the newest fix, if matched: map matching keeps it while it stays near. */
  m?: number;
  /** Its fixes on the current segment and minute, emitted as one observation when the run ends. */
  r?: SegmentRun;
}

export interface VehiclesState {
  vehicles: Record<string, VehicleMemory>;
  /** The gps_data partition this state belongs to (set by its first fix; telemetry has none). */
  partition?: number;
  /** Start (ms) of the minute whose active-vehicle count was last written. */
  sampledMinute?: number;
  /** Event time (ms) of the partition's newest fix: runs idle behind it are emitted. */
  newest?: number;
}

export function createVehiclesState(): VehiclesState {
  return { vehicles: {} };
}

export function restoreVehiclesState(snapshot: unknown): VehiclesState {
  const s = snapshot as Partial<VehiclesState> | null;
  const state: VehiclesState = { vehicles: { ...(s?.vehicles ?? {}) } };
  if (s?.partition !== undefined) state.partition = s.partition;
  if (s?.sampledMinute !== undefined) state.sampledMinute = s.sampledMinute;
  if (s?.newest !== undefined) state.newest = s.newest;
  return state;
}
