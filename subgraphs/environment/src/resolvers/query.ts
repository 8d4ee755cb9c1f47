import {
  badUserInput,
  connectionFromRows,
  decodeCursor,
  pageSize,
  parseBbox,
  type Bbox,
} from '@city/subgraph-kit';
import type { AlertRow } from '../history-store.js';
import type { AlertRecord } from '../station-records.js';
import type { EnvironmentContext } from './context.js';
import { loadAirQuality, loadAllAirQuality, loadWeather } from './loaders.js';

const inBbox = (b: Bbox | null, s: { latitude: number; longitude: number }) =>
  !b ||
  (s.latitude >= b.minLat &&
    s.latitude <= b.maxLat &&
    s.longitude >= b.minLon &&
    s.longitude <= b.maxLon);

const byAqiDesc = (a: { aqi: number; id: string }, b: { aqi: number; id: string }) =>
  b.aqi - a.aqi || (a.id < b.id ? -1 : 1);

function instant(field: string, value: string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw badUserInput(field, 'must be an ISO-8601 instant');
  return new Date(t);
}

interface AlertFilterInput {
  readonly status?: string | null;
  readonly stationId?: string | null;
  readonly from?: string | null;
  readonly to?: string | null;
}

export const Query = {
  airQualityStation: (_: unknown, args: { id: string }, ctx: EnvironmentContext) =>
    loadAirQuality(ctx, args.id),

  airQualityStations: async (
    _: unknown,
    args: { filter?: { bbox?: Bbox | null; categories?: string[] | null } | null },
    ctx: EnvironmentContext,
  ) => {
    const bbox = parseBbox('filter.bbox', args.filter?.bbox);
    const categories = args.filter?.categories?.length ? new Set(args.filter.categories) : null;
    return (await loadAllAirQuality(ctx))
      .filter((s) => inBbox(bbox, s) && (!categories || categories.has(s.category)))
      .sort(byAqiDesc);
  },

  worstAirQuality: async (_: unknown, args: { limit?: number | null }, ctx: EnvironmentContext) => {
    const limit = args.limit ?? 1;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw badUserInput('limit', 'must be between 1 and 100');
    return [...(await loadAllAirQuality(ctx))].sort(byAqiDesc).slice(0, limit);
  },

  weatherStation: (_: unknown, args: { id: string }, ctx: EnvironmentContext) =>
    loadWeather(ctx, args.id),

  weatherStations: async (
    _: unknown,
    args: { filter?: { bbox?: Bbox | null } | null },
    ctx: EnvironmentContext,
  ) => {
    const bbox = parseBbox('filter.bbox', args.filter?.bbox);
    return (await ctx.stations.allWeather())
      .filter((s) => inBbox(bbox, s))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  },

  activeHealthAlerts: async (_: unknown, _a: unknown, ctx: EnvironmentContext) =>
    (await ctx.stations.activeAlerts()).sort(byAqiDesc),

  healthAlerts: async (
    _: unknown,
    args: { filter?: AlertFilterInput | null; first?: number | null; after?: string | null },
    ctx: EnvironmentContext,
  ) => {
    const f = args.filter ?? {};
    const size = pageSize(args.first, { default: 50, max: 500 });
    const after = args.after ? decodeCursor<{ t: number; id: string }>(args.after) : null;
    if (after && (typeof after.t !== 'number' || typeof after.id !== 'string'))
      throw badUserInput('after', 'is not a cursor returned by this API');
    const rows = await ctx.history.alerts({
      status: f.status ?? null,
      stationId: f.stationId ?? null,
      from: instant('filter.from', f.from),
      to: instant('filter.to', f.to),
      after,
      limit: size + 1,
    });
    return connectionFromRows<AlertRecord>(
      rows.map(alertFromRow),
      size,
      (a) => ({ t: Date.parse(a.startedAt), id: a.id }),
      after !== null,
    );
  },
};

function alertFromRow(r: AlertRow): AlertRecord {
  return {
    id: r.id,
    stationId: r.station_id,
    status: r.status,
    category: r.category,
    aqi: r.aqi,
    peakAqi: r.peak_aqi,
    dominantPollutant: r.dominant_pollutant,
    startedAt: new Date(r.started_at).toISOString(),
    endedAt: r.ended_at === null ? null : new Date(r.ended_at).toISOString(),
  };
}
