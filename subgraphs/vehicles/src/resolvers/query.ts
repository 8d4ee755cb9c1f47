import { badUserInput, parseBbox, parseNear, type Bbox, type Near } from '@city/subgraph-kit';
import type { VehiclesContext } from './context.js';
import { resolveTrack, type TrackArgs } from './track.js';
import { loadVehicle } from './vehicle.js';

export const MAX_VEHICLES = 5000;
export const MAX_RADIUS_M = 20_000;

interface VehicleFilterInput {
  readonly types?: string[] | null;
  readonly bbox?: Bbox | null;
  readonly near?: Near | null;
  readonly limit?: number | null;
}

export const Query = {
  vehicle: (_: unknown, args: { id: string }, ctx: VehiclesContext) => loadVehicle(ctx, args.id),

  vehicles: (_: unknown, args: { filter?: VehicleFilterInput | null }, ctx: VehiclesContext) => {
    const f = args.filter ?? {};
    const limit = f.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_VEHICLES) {
      throw badUserInput('filter.limit', `must be between 1 and ${MAX_VEHICLES}`);
    }
    return ctx.store.search({
      types: f.types && f.types.length > 0 ? f.types : null,
      bbox: parseBbox('filter.bbox', f.bbox),
      near: parseNear('filter.near', f.near, MAX_RADIUS_M),
      limit,
    });
  },

  vehicleTrack: (_: unknown, args: TrackArgs & { vehicleId: string }, ctx: VehiclesContext) =>
    resolveTrack(args.vehicleId, args, ctx),

  neighborhoods: (_: unknown, _args: unknown, ctx: VehiclesContext) => [
    ...ctx.neighborhoods.values(),
  ],

  neighborhood: (_: unknown, args: { id: string }, ctx: VehiclesContext) =>
    ctx.neighborhoods.get(args.id) ?? null,

  citySummary: () => ({ id: 'city' }),
};
