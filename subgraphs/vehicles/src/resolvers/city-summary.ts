import { historyInstants, parseInstant } from '@city/subgraph-kit';
import type { VehiclesContext } from './context.js';

async function activeVehicles(ctx: VehiclesContext) {
  const ids = await ctx.store.activeIds();
  return (await ctx.store.getMany(ids)).filter((v) => v !== null && v.active);
}

interface VehicleMinute {
  readonly at: string;
  readonly totalVehicles: number | null;
}

/** This subgraph's figures of each minute, in order (one SQL query for all of them). */
async function vehicleMinutes(ctx: VehiclesContext, ats: readonly string[]) {
  const instants = ats.map(parseInstant);
  const counts = await ctx.history.activeVehiclesAt(instants.filter((t) => t !== null));
  let i = 0;
  return ats.map((at, k): VehicleMinute => ({
    at,
    totalVehicles: instants[k] === null ? null : (counts[i++] ?? null),
  }));
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
  history: (_: unknown, args: { minutes?: number | null }, ctx: VehiclesContext) => {
    const instants = historyInstants('minutes', args.minutes ?? 60);
    return vehicleMinutes(
      ctx,
      instants.map((t) => new Date(t).toISOString()),
    );
  },
};

export const CitySummaryMinute = {
  __resolveReference: (ref: { at: string }, ctx: VehiclesContext) =>
    ctx.loaders
      .get<string, VehicleMinute>('ref:CitySummaryMinute', (ats) => vehicleMinutes(ctx, ats))
      .load(ref.at),
};
