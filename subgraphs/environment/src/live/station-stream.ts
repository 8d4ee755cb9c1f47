import { aqiCategory, categoryCode } from '@city/processor/domains/environment/aqi.js';
import { badUserInput, parseBbox, type Bbox, type FeedChange } from '@city/subgraph-kit';
import {
  parseAirQualityHash,
  parseAlertHash,
  parseWeatherHash,
  type AirQualityRecord,
  type AlertRecord,
  type WeatherRecord,
} from '../station-records.js';

export const MAX_STREAM_IDS = 1000;

/** Category codes, best to worst (the API enum's internal values). */
export const CATEGORY_CODES = [
  'good',
  'moderate',
  'unhealthy_for_sensitive_groups',
  'unhealthy',
  'very_unhealthy',
  'hazardous',
] as const;

export const categoryIndex = (code: string) => CATEGORY_CODES.indexOf(code as never);

export interface StationStreamFilterInput {
  readonly stationIds?: readonly string[] | null;
  readonly bbox?: Bbox | null;
  readonly minCategory?: string | null;
}

/** Station id and position conditions, validated once per subscription. */
export function stationMatcher(f: StationStreamFilterInput) {
  const bbox = parseBbox('filter.bbox', f.bbox);
  if (f.stationIds && f.stationIds.length > MAX_STREAM_IDS)
    throw badUserInput('filter.stationIds', `must list at most ${MAX_STREAM_IDS} ids`);
  const ids = f.stationIds && f.stationIds.length > 0 ? new Set(f.stationIds) : null;
  return {
    hasBbox: bbox !== null,
    wantsId: (id: string) => ids === null || ids.has(id),
    inArea: (latitude: number, longitude: number) =>
      bbox === null ||
      (latitude >= bbox.minLat &&
        latitude <= bbox.maxLat &&
        longitude >= bbox.minLon &&
        longitude <= bbox.maxLon),
  };
}

function asHash(data: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const hash: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) hash[k] = String(v);
  return hash;
}

// A station change carries the whole hot hash the processor wrote, so the record is built from it
// without reading Redis.
export function airQualityFromChange(change: FeedChange): AirQualityRecord | null {
  if (change.entity !== 'AirQualityStation') return null;
  return parseAirQualityHash(change.id, asHash(change.data));
}

export function weatherFromChange(change: FeedChange): WeatherRecord | null {
  if (change.entity !== 'WeatherStation') return null;
  return parseWeatherHash(change.id, asHash(change.data));
}

export type AlertTransition = 'opened' | 'worsened' | 'updated' | 'cleared';

export function alertFromChange(
  change: FeedChange,
): { alert: AlertRecord; transition: AlertTransition } | null {
  if (change.entity !== 'HealthAlert') return null;
  const alert = parseAlertHash(change.id, asHash(change.data));
  const transition = change.data?.transition;
  if (!alert || typeof transition !== 'string') return null;
  return { alert, transition: transition as AlertTransition };
}

/**
 * Per subscription: readings at `minCategory` or worse, and a station's first reading below it
 * after it was delivered at or above (so a recovery is seen). Without `minCategory`, all.
 */
export function categoryGate(minCategory: string | null | undefined) {
  const min = minCategory ? categoryIndex(minCategory) : -1;
  const delivered = new Set<string>();
  return (stationId: string, category: string): boolean => {
    if (min < 0) return true;
    if (categoryIndex(category) >= min) {
      delivered.add(stationId);
      return true;
    }
    return delivered.delete(stationId);
  };
}

/**
 * Alerts whose episode peaked at `minCategory` or worse. The peak only rises within an episode,
 * so once an alert qualifies every later transition (its clearing included) does too, whoever
 * subscribes when.
 */
export function alertReaches(alert: AlertRecord, minCategory: string | null | undefined) {
  if (!minCategory) return true;
  return categoryIndex(categoryCode(aqiCategory(alert.peakAqi))) >= categoryIndex(minCategory);
}
