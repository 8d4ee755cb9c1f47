import { parseInstant } from '@city/subgraph-kit';
import type { EmergenciesContext } from './context.js';

/** Active incidents per neighbourhood id, computed once per request. */
function neighbourhoodCounts(ctx: EmergenciesContext): Promise<Map<string, number>> {
  return ctx.loaders
    .get<string, Map<string, number>>('nbhdCounts', async (keys) => {
      const rows = await ctx.incidents.active(10_000);
      const counts = new Map<string, number>();
      for (const r of rows)
        for (const id of ctx.neighbourhoods.containing(r.longitude, r.latitude))
          counts.set(id, (counts.get(id) ?? 0) + 1);
      return keys.map(() => counts);
    })
    .load('all');
}

function severityCounts(ctx: EmergenciesContext): Promise<Map<string, number>> {
  return ctx.loaders
    .get<string, Map<string, number>>('severityCounts', async (keys) => {
      const counts = await ctx.incidents.activeCountsBySeverity();
      return keys.map(() => counts);
    })
    .load('city');
}

export const Neighborhood = {
  __resolveReference: (ref: { id: string }, ctx: EmergenciesContext) =>
    ctx.neighbourhoods.get(ref.id) ? { id: ref.id } : null,
  activeIncidents: async (n: { id: string }, _a: unknown, ctx: EmergenciesContext) =>
    (await neighbourhoodCounts(ctx)).get(n.id) ?? 0,
};

export const CitySummary = {
  __resolveReference: (ref: { id: string }) => (ref.id === 'city' ? { id: 'city' } : null),
  activeEmergencies: async (_: unknown, _a: unknown, ctx: EmergenciesContext) =>
    [...(await severityCounts(ctx)).values()].reduce((a, b) => a + b, 0),
  activeEmergenciesBySeverity: async (_: unknown, _a: unknown, ctx: EmergenciesContext) => {
    const counts = await severityCounts(ctx);
    return ['critical', 'high', 'medium', 'low'].map((severity) => ({
      severity,
      count: counts.get(severity) ?? 0,
    }));
  },
};

/** Emergencies' figures of `CitySummary.history` points: one SQL query for every minute asked. */
export const CitySummaryMinute = {
  __resolveReference: (ref: { at: string }, ctx: EmergenciesContext) =>
    ctx.loaders
      .get<string, { at: string; activeEmergencies: number | null }>(
        'ref:CitySummaryMinute',
        async (ats) => {
          const instants = ats.map(parseInstant);
          const counts = await ctx.history.activeAt(instants.filter((t) => t !== null));
          let i = 0;
          return ats.map((at, k) => ({
            at,
            activeEmergencies: instants[k] === null ? null : counts[i++]!,
          }));
        },
      )
      .load(ref.at),
};
