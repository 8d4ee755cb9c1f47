import type { NeighborhoodRecord } from '../neighborhoods.js';
import type { VehiclesContext } from './context.js';

export const Neighborhood = {
  __resolveReference: (ref: { id: string }, ctx: VehiclesContext) =>
    ctx.neighborhoods.get(ref.id) ?? null,
  vehicleCount: (n: NeighborhoodRecord, _args: unknown, ctx: VehiclesContext) =>
    ctx.loaders.get<string, number>('zoneCount', (ids) => ctx.store.zoneCounts(ids)).load(n.id),
};
