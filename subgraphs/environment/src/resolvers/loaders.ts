import type { Nearest } from '../station-store.js';
import type { AirQualityRecord, WeatherRecord } from '../station-records.js';
import type { Place } from '../places.js';
import type { EnvironmentContext } from './context.js';

/** Radius of "nearest station" searches. */
export const NEAREST_RADIUS_M = 20_000;

export function loadAirQuality(
  ctx: EnvironmentContext,
  id: string,
): Promise<AirQualityRecord | null> {
  return ctx.loaders
    .get<string, AirQualityRecord | null>('aq', (ids) => ctx.stations.airQualityMany(ids))
    .load(id);
}

export function loadWeather(ctx: EnvironmentContext, id: string): Promise<WeatherRecord | null> {
  return ctx.loaders
    .get<string, WeatherRecord | null>('weather', (ids) => ctx.stations.weatherMany(ids))
    .load(id);
}

/** Nearest station to a place; all places of one request in one Redis pipeline. */
export function loadNearest(ctx: EnvironmentContext, p: Place): Promise<Nearest | null> {
  return ctx.loaders
    .get<string, Nearest | null>('nearest', (keys) =>
      ctx.stations.nearestAirQuality(
        keys.map((k) => {
          const [lon, lat] = k.split(',').map(Number);
          return { lon: lon!, lat: lat! };
        }),
        NEAREST_RADIUS_M,
      ),
    )
    .load(`${p.lon},${p.lat}`);
}

/** Every reporting station, read once per request. */
export function loadAllAirQuality(ctx: EnvironmentContext): Promise<AirQualityRecord[]> {
  return ctx.loaders
    .get<string, AirQualityRecord[]>('allAq', async (keys) => {
      const all = await ctx.stations.allAirQuality();
      return keys.map(() => all);
    })
    .load('all');
}

export const localAirQuality = (n: Nearest | null) =>
  n
    ? {
        station: n.station,
        distanceM: n.distanceM,
        aqi: n.station.aqi,
        category: n.station.category,
      }
    : null;
