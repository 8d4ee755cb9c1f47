import type { VehicleRecord } from '../vehicle-record.js';
import type { VehiclesContext } from './context.js';
import { resolveTrack, type TrackArgs } from './track.js';

/** Batched per request: every Vehicle reference and by-id lookup is one Redis pipeline. */
export function loadVehicle(ctx: VehiclesContext, id: string): Promise<VehicleRecord | null> {
  return ctx.loaders
    .get<string, VehicleRecord | null>('vehicle', (ids) => ctx.store.getMany(ids))
    .load(id);
}

export const Vehicle = {
  __resolveReference: (ref: { id: string }, ctx: VehiclesContext) => loadVehicle(ctx, ref.id),
  position: (v: VehicleRecord) => ({ latitude: v.latitude, longitude: v.longitude }),
  speed: (v: VehicleRecord) => v.speedKmh,
  heading: (v: VehicleRecord) => v.headingDeg,
  updatedAt: (v: VehicleRecord) => v.timestamp,
  speedLimit: (v: VehicleRecord) => v.speedLimitKmh,
  roadSegment: (v: VehicleRecord) =>
    v.segmentId === null ? null : { __typename: 'RoadSegment', id: String(v.segmentId) },
  telemetry: (v: VehicleRecord, _args: unknown, ctx: VehiclesContext) =>
    ctx.loaders
      .get('telemetry', (ids: readonly string[]) => ctx.store.telemetryMany(ids))
      .load(v.id),
  track: (v: VehicleRecord, args: TrackArgs, ctx: VehiclesContext) => resolveTrack(v.id, args, ctx),
};

export const VehicleTelemetry = {
  updatedAt: (t: { timestamp: string }) => t.timestamp,
};
