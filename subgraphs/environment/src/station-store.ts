import type { Redis } from 'ioredis';
import { environmentKeys } from './redis-keys.js';
import {
  parseAirQualityHash,
  parseAlertHash,
  parseWeatherHash,
  type AirQualityRecord,
  type AlertRecord,
  type WeatherRecord,
} from './station-records.js';

export interface Nearest {
  readonly station: AirQualityRecord;
  readonly distanceM: number;
}

export interface StationStore {
  airQualityMany(ids: readonly string[]): Promise<(AirQualityRecord | null)[]>;
  weatherMany(ids: readonly string[]): Promise<(WeatherRecord | null)[]>;
  /** Every station currently reporting (expired hashes left out). */
  allAirQuality(): Promise<AirQualityRecord[]>;
  allWeather(): Promise<WeatherRecord[]>;
  /** Nearest reporting air-quality station within `radiusM` of each point, in one pipeline. */
  nearestAirQuality(
    points: readonly { lon: number; lat: number }[],
    radiusM: number,
  ): Promise<(Nearest | null)[]>;
  activeAlerts(): Promise<AlertRecord[]>;
  alertsMany(ids: readonly string[]): Promise<(AlertRecord | null)[]>;
}

/** Candidates per nearest search: a few, since the closest may have stopped reporting (hash expired). */
const NEAREST_CANDIDATES = 5;

/** Reads the processor's environment hot state; multi-key reads are single pipelines. */
export function createStationStore(redis: Redis, prefix: string): StationStore {
  async function hashes(keys: readonly string[]): Promise<Record<string, string>[]> {
    if (keys.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.hgetall(prefix + key);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      return (value ?? {}) as Record<string, string>;
    });
  }

  async function airQualityMany(ids: readonly string[]) {
    const hs = await hashes(ids.map((id) => environmentKeys.airQuality(id)));
    return hs.map((h, i) => parseAirQualityHash(ids[i]!, h));
  }
  async function weatherMany(ids: readonly string[]) {
    const hs = await hashes(ids.map((id) => environmentKeys.weather(id)));
    return hs.map((h, i) => parseWeatherHash(ids[i]!, h));
  }
  async function alertsMany(ids: readonly string[]) {
    const hs = await hashes(ids.map((id) => environmentKeys.alert(id)));
    return hs.map((h, i) => parseAlertHash(ids[i]!, h));
  }
  const present = <T>(xs: (T | null)[]) => xs.filter((x): x is T => x !== null);

  return {
    airQualityMany,
    weatherMany,
    alertsMany,
    async allAirQuality() {
      const ids = await redis.zrange(prefix + environmentKeys.airQualityGeo, 0, -1);
      return present(await airQualityMany(ids));
    },
    async allWeather() {
      const ids = await redis.zrange(prefix + environmentKeys.weatherGeo, 0, -1);
      return present(await weatherMany(ids));
    },
    async nearestAirQuality(points, radiusM) {
      if (points.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const p of points) {
        pipeline.call(
          'GEOSEARCH',
          prefix + environmentKeys.airQualityGeo,
          'FROMLONLAT',
          String(p.lon),
          String(p.lat),
          'BYRADIUS',
          String(radiusM),
          'm',
          'ASC',
          'COUNT',
          String(NEAREST_CANDIDATES),
          'WITHDIST',
        );
      }
      const results = (await pipeline.exec()) ?? [];
      const candidates = results.map(([error, value]) => {
        if (error) throw error;
        return (value as [string, string][]).map(([id, d]) => ({ id, distanceM: Number(d) }));
      });
      const ids = [...new Set(candidates.flat().map((c) => c.id))];
      const records = new Map(present(await airQualityMany(ids)).map((r) => [r.id, r] as const));
      return candidates.map((list) => {
        const hit = list.find((c) => records.has(c.id));
        return hit ? { station: records.get(hit.id)!, distanceM: Math.round(hit.distanceM) } : null;
      });
    },
    async activeAlerts() {
      const ids = await redis.smembers(prefix + environmentKeys.activeAlerts);
      return present(await alertsMany(ids));
    },
  };
}
