import { badUserInput, connectionFromRows, decodeCursor, pageSize } from '@city/subgraph-kit';
import { aqiCategory, categoryCode } from '@city/processor/domains/environment/aqi.js';
import type { AirQualityHourRow, WeatherHourRow } from '../history-store.js';
import type { AirQualityRecord, AlertRecord, WeatherRecord } from '../station-records.js';
import type { EnvironmentContext } from './context.js';
import { loadAirQuality, loadWeather } from './loaders.js';

const MAX_SPAN_MS = 31 * 24 * 3_600_000;

interface HistoryArgs {
  readonly from: string;
  readonly to: string;
  readonly first?: number | null;
  readonly after?: string | null;
}

function instant(field: string, value: string): Date {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw badUserInput(field, 'must be an ISO-8601 instant');
  return new Date(t);
}

/** Validated range and keyset position of a history query. */
function range(stationId: string, args: HistoryArgs) {
  const from = instant('from', args.from);
  const to = instant('to', args.to);
  if (to <= from) throw badUserInput('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_SPAN_MS)
    throw badUserInput('to', 'must be at most 31 days after from');
  const size = pageSize(args.first, { default: 100, max: 1000 });
  const after = args.after ? new Date(decodeCursor<number>(args.after)) : null;
  if (after && !Number.isFinite(after.getTime()))
    throw badUserInput('after', 'is not a cursor returned by this API');
  return { query: { stationId, from, to, after, limit: size + 1 }, size, after };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const hourCursor = (r: { hour_start: Date }) => new Date(r.hour_start).getTime();

export const AirQualityStation = {
  __resolveReference: (ref: { id: string }, ctx: EnvironmentContext) => loadAirQuality(ctx, ref.id),
  position: (s: AirQualityRecord) => ({ latitude: s.latitude, longitude: s.longitude }),
  latest: (s: AirQualityRecord) => s,
  updatedAt: (s: AirQualityRecord) => s.timestamp,
  activeHealthAlert: async (s: AirQualityRecord, _a: unknown, ctx: EnvironmentContext) => {
    const alerts = await ctx.loaders
      .get<string, AlertRecord[]>('activeAlerts', async (keys) => {
        const all = await ctx.stations.activeAlerts();
        return keys.map(() => all);
      })
      .load('all');
    return alerts.find((a) => a.stationId === s.id) ?? null;
  },
  history: async (s: AirQualityRecord, args: HistoryArgs, ctx: EnvironmentContext) => {
    const r = range(s.id, args);
    const rows = await ctx.history.airQualityHours(r.query);
    return connectionFromRows(rows, r.size, hourCursor, r.after !== null);
  },
};

export const AirQualityReading = {
  timestamp: (s: AirQualityRecord) => s.timestamp,
};

export const AirQualityHour = {
  hourStart: (r: AirQualityHourRow) => iso(r.hour_start),
  o3Avg: (r: AirQualityHourRow) => r.o3_avg_ppb,
  no2Avg: (r: AirQualityHourRow) => r.no2_avg_ppb,
  coAvg: (r: AirQualityHourRow) => r.co_avg_ppm,
  noiseAvg: (r: AirQualityHourRow) => r.noise_avg_dba,
  pm25Avg: (r: AirQualityHourRow) => r.pm25_avg,
  pm25Max: (r: AirQualityHourRow) => r.pm25_max,
  pm10Avg: (r: AirQualityHourRow) => r.pm10_avg,
  aqiMax: (r: AirQualityHourRow) => r.aqi_max,
  dominantPollutant: (r: AirQualityHourRow) => r.dominant_pollutant,
  category: (r: AirQualityHourRow) => categoryCode(aqiCategory(r.aqi_max)),
};

export const WeatherStation = {
  __resolveReference: (ref: { id: string }, ctx: EnvironmentContext) => loadWeather(ctx, ref.id),
  position: (s: WeatherRecord) => ({ latitude: s.latitude, longitude: s.longitude }),
  latest: (s: WeatherRecord) => s,
  history: async (s: WeatherRecord, args: HistoryArgs, ctx: EnvironmentContext) => {
    const r = range(s.id, args);
    const rows = await ctx.history.weatherHours(r.query);
    return connectionFromRows(rows, r.size, hourCursor, r.after !== null);
  },
};

export const WeatherHour = {
  hourStart: (r: WeatherHourRow) => iso(r.hour_start),
  temperatureAvgC: (r: WeatherHourRow) => r.temperature_avg_c,
  temperatureMinC: (r: WeatherHourRow) => r.temperature_min_c,
  temperatureMaxC: (r: WeatherHourRow) => r.temperature_max_c,
  humidityAvgPct: (r: WeatherHourRow) => r.humidity_avg_pct,
  windSpeedAvgKmh: (r: WeatherHourRow) => r.wind_speed_avg_kmh,
  windSpeedMaxKmh: (r: WeatherHourRow) => r.wind_speed_max_kmh,
  precipitationAvgMmPerH: (r: WeatherHourRow) => r.precipitation_avg_mm_per_h,
  pressureAvgHpa: (r: WeatherHourRow) => r.pressure_avg_hpa,
};

export const HealthAlert = {
  station: (a: AlertRecord, _x: unknown, ctx: EnvironmentContext) =>
    loadAirQuality(ctx, a.stationId),
  startedAt: (a: AlertRecord) => iso(a.startedAt),
  endedAt: (a: AlertRecord) => iso(a.endedAt),
};
