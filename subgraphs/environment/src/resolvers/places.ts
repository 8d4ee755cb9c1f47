import { parseInstant } from '@city/subgraph-kit';
import type { AirQualityMinute } from '../air-quality-minutes.js';
import type { EnvironmentContext } from './context.js';
import { loadAllAirQuality, loadNearest, localAirQuality } from './loaders.js';

export const RoadSegment = {
  __resolveReference: (ref: { id: string }, ctx: EnvironmentContext) =>
    ctx.places.segmentMidpoint(ref.id) ? { id: ref.id } : null,
  airQuality: async (s: { id: string }, _a: unknown, ctx: EnvironmentContext) => {
    const p = ctx.places.segmentMidpoint(s.id);
    return p ? localAirQuality(await loadNearest(ctx, p)) : null;
  },
};

export const Neighborhood = {
  __resolveReference: (ref: { id: string }, ctx: EnvironmentContext) =>
    ctx.places.neighbourhood(ref.id) ? { id: ref.id } : null,
  airQuality: async (n: { id: string }, _a: unknown, ctx: EnvironmentContext) => {
    const area = ctx.places.neighbourhood(n.id);
    return area ? localAirQuality(await loadNearest(ctx, area.centre)) : null;
  },
  aqi: async (n: { id: string }, _a: unknown, ctx: EnvironmentContext) => {
    const area = ctx.places.neighbourhood(n.id);
    if (!area) return null;
    const inside = (await loadAllAirQuality(ctx)).filter((s) =>
      ctx.places.contains(area, { lon: s.longitude, lat: s.latitude }),
    );
    if (inside.length > 0) return Math.max(...inside.map((s) => s.aqi));
    return (await loadNearest(ctx, area.centre))?.station.aqi ?? null;
  },
};

export const CitySummary = {
  __resolveReference: (ref: { id: string }) => (ref.id === 'city' ? { id: 'city' } : null),
  worstAqi: async (_: unknown, _a: unknown, ctx: EnvironmentContext) =>
    worst(await loadAllAirQuality(ctx))?.aqi ?? null,
  worstAqiStation: async (_: unknown, _a: unknown, ctx: EnvironmentContext) =>
    worst(await loadAllAirQuality(ctx)),
  averageAqi: async (_: unknown, _a: unknown, ctx: EnvironmentContext) => {
    const all = await loadAllAirQuality(ctx);
    if (all.length === 0) return null;
    return Math.round((all.reduce((s, x) => s + x.aqi, 0) / all.length) * 10) / 10;
  },
  activeHealthAlerts: async (_: unknown, _a: unknown, ctx: EnvironmentContext) =>
    (await ctx.stations.activeAlerts()).length,
};

/** Environment's figures of `CitySummary.history` points: one query pair for every minute asked. */
export const CitySummaryMinute = {
  __resolveReference: (ref: { at: string }, ctx: EnvironmentContext) =>
    ctx.loaders
      .get<string, AirQualityMinute & { at: string }>('ref:CitySummaryMinute', async (ats) => {
        const instants = ats.map(parseInstant);
        const figures = await ctx.airMinutes.at(instants.filter((t) => t !== null));
        let i = 0;
        return ats.map((at, k) => ({
          at,
          ...(instants[k] === null
            ? { worstAqi: null, averageAqi: null, activeHealthAlerts: null }
            : figures[i++]!),
        }));
      })
      .load(ref.at),
};

function worst<T extends { aqi: number; id: string }>(all: readonly T[]): T | null {
  let best: T | null = null;
  for (const s of all)
    if (!best || s.aqi > best.aqi || (s.aqi === best.aqi && s.id < best.id)) best = s;
  return best;
}
