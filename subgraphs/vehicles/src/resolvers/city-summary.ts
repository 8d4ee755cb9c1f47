import type { VehiclesContext } from './context.js';

async function activeVehicles(ctx: VehiclesContext) {
  const ids = await ctx.store.activeIds();
  return (await ctx.store.getMany(ids)).filter((v) => v !== null && v.active);
}

export const CitySummary = {
  __resolveReference: (ref: { id: string }) => (ref.id === 'city' ? { id: 'city' } : null),
  totalVehicles: (_: unknown, _args: unknown, ctx: VehiclesContext) => ctx.store.activeCount(),
  vehiclesByType: async (_: unknown, _args: unknown, ctx: VehiclesContext) => {
    const counts = new Map<string, number>();
    for (const v of await activeVehicles(ctx)) counts.set(v!.type, (counts.get(v!.type) ?? 0) + 1);
    return [...counts].map(([type, count]) => ({ type, count }));
  },
  timestamp: () => new Date().toISOString(),
};
