import type { AirQualityEvent, WeatherEvent } from '@city/contracts';
import {
  emptyWrites,
  type DomainStage,
  type InputEvent,
  type StageContext,
  type Writes,
} from '../../pipeline/types.js';
import { categoryCode } from './aqi.js';
import { environmentKeys } from './environment-keys.js';
import {
  newEnvironmentState,
  restoreEnvironment,
  snapshotEnvironment,
  stationState,
  type EnvironmentState,
  type StationState,
} from './environment-state.js';
import {
  AIR_QUALITY_HOURLY_TABLE,
  AIR_QUALITY_MINUTES_TABLE,
  HEALTH_ALERTS_TABLE,
  WEATHER_HOURLY_TABLE,
} from './environment-tables.js';
import { alertRow, stepAlert } from './health-alert.js';
import {
  addToHour,
  HOUR_MS,
  mean,
  newHourBucket,
  notePeak,
  pruneHours,
  type HourBucket,
} from './hour-buckets.js';
import { noiseCategory } from './noise.js';
import { AQ_MEASURES, stationAqi } from './station-aqi.js';
import { createEnvironmentRebuild } from './environment-rebuild.js';

export interface EnvironmentStageOptions {
  /** TTL of the latest-reading hashes. */
  readonly hotTtlSeconds?: number;
  /** Hours of history per station (NowCast needs 12). */
  readonly keepHours?: number;
}

const WEATHER_MEASURES = [
  'temperatureC',
  'humidityPct',
  'windSpeedKmh',
  'precipitationMmPerH',
  'pressureHpa',
] as const;
const ALERT_KEEP_SECONDS = 86_400;
const MINUTE_MS = 60_000;

const r = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const inc = (w: Writes, name: string) => {
  w.counters[name] = (w.counters[name] ?? 0) + 1;
};

/**
 * The environment pipeline: latest reading per station (hash + geo), US EPA AQI with category and
 * dominant pollutant, noise category, hourly aggregates per station and health alert episodes.
 */
export function createEnvironmentStage(
  options: EnvironmentStageOptions = {},
): DomainStage<EnvironmentState> {
  const ttl = options.hotTtlSeconds ?? 7_200;
  const keepHours = options.keepHours ?? 12;

  /** Adds a reading to its hour; returns the bucket, or null when the hour is already dropped. */
  function accumulate(
    station: StationState,
    at: number,
    values: number[],
    last: string | null,
    measures: number,
  ): HourBucket | null {
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
    const newest = Math.max(hour, ...station.hours.keys());
    if (hour <= newest - keepHours * HOUR_MS) return null;
    let bucket = station.hours.get(hour);
    if (!bucket) station.hours.set(hour, (bucket = newHourBucket(hour, measures)));
    addToHour(bucket, values, at, last);
    pruneHours(station.hours, newest, keepHours);
    return bucket;
  }

  function applyAirQuality(input: InputEvent, state: EnvironmentState, w: Writes): void {
    const e = input.event as AirQualityEvent;
    state.partition = input.partition;
    const at = Date.parse(e.timestamp);
    const station = stationState(state.airQuality, e.stationId);
    const values = [e.pm25UgPerM3, e.pm10UgPerM3, e.o3Ppb, e.no2Ppb, e.coPpm, e.noiseDbA];
    const bucket = accumulate(station, at, values, null, AQ_MEASURES.length);
    if (!bucket) {
      inc(w, 'window_late_events');
      return;
    }
    const hourAqi = stationAqi(station.hours, bucket.start);
    notePeak(bucket, hourAqi.aqi, hourAqi.dominantPollutant);
    const i = (m: (typeof AQ_MEASURES)[number]) => AQ_MEASURES.indexOf(m);
    w.durable.push({
      table: AIR_QUALITY_HOURLY_TABLE.table,
      row: {
        station_id: e.stationId,
        hour_start: new Date(bucket.start).toISOString(),
        samples: bucket.count,
        latitude: e.latitude,
        longitude: e.longitude,
        pm25_avg: r(mean(bucket, i('pm25'))),
        pm25_max: bucket.max[i('pm25')],
        pm10_avg: r(mean(bucket, i('pm10'))),
        pm10_max: bucket.max[i('pm10')],
        o3_avg_ppb: r(mean(bucket, i('o3'))),
        o3_max_ppb: bucket.max[i('o3')],
        no2_avg_ppb: r(mean(bucket, i('no2'))),
        no2_max_ppb: bucket.max[i('no2')],
        co_avg_ppm: r(mean(bucket, i('co')), 3),
        co_max_ppm: bucket.max[i('co')],
        noise_avg_dba: r(mean(bucket, i('noise')), 1),
        noise_max_dba: bucket.max[i('noise')],
        aqi_max: bucket.peak,
        dominant_pollutant: bucket.peakLabel,
      },
    });
    if (at < station.latestAt) {
      // Older than what the live view shows: it only amends the hourly aggregate.
      inc(w, 'out_of_order_events');
      return;
    }
    station.latestAt = at;
    const aqi = stationAqi(station.hours, Math.max(...station.hours.keys()));
    const fields = {
      timestamp: e.timestamp,
      latitude: e.latitude,
      longitude: e.longitude,
      pm25UgPerM3: e.pm25UgPerM3,
      pm10UgPerM3: e.pm10UgPerM3,
      o3Ppb: e.o3Ppb,
      no2Ppb: e.no2Ppb,
      coPpm: e.coPpm,
      noiseDbA: e.noiseDbA,
      noiseCategory: noiseCategory(e.noiseDbA),
      aqi: aqi.aqi,
      category: aqi.category,
      categoryCode: categoryCode(aqi.category),
      dominantPollutant: aqi.dominantPollutant,
      aqiPm25: aqi.byPollutant.pm25,
      aqiPm10: aqi.byPollutant.pm10,
      aqiO3: aqi.byPollutant.o3,
      aqiNo2: aqi.byPollutant.no2,
      aqiCo: aqi.byPollutant.co,
      pm25NowCast: r(aqi.averaged.pm25NowCast, 1),
      pm10NowCast: r(aqi.averaged.pm10NowCast, 0),
    };
    w.hot.push({
      op: 'hset',
      key: environmentKeys.airQuality(e.stationId),
      fields,
      ttlSeconds: ttl,
    });
    w.hot.push({
      op: 'geoadd',
      key: environmentKeys.airQualityGeo,
      member: e.stationId,
      longitude: e.longitude,
      latitude: e.latitude,
    });
    w.changes.push({
      domain: 'environment',
      entity: 'AirQualityStation',
      id: e.stationId,
      fields: Object.keys(fields),
      data: fields,
      produceTime: input.produceTime,
    });
    const step = stepAlert(station.alert, e.stationId, {
      at,
      aqi: aqi.aqi,
      category: aqi.category,
      dominant: aqi.dominantPollutant,
    });
    station.alert = step.alert;
    if (step.subject === null || step.transition === null) return;
    const cleared = step.transition === 'cleared';
    const row = alertRow(step.subject, e.stationId, e, at, cleared);
    w.durable.push({ table: HEALTH_ALERTS_TABLE.table, row });
    const alertFields = {
      stationId: e.stationId,
      status: row.status as string,
      category: step.subject.category,
      aqi: step.subject.aqi,
      dominantPollutant: step.subject.dominant,
      peakAqi: step.subject.peakAqi,
      startedAt: row.started_at as string,
      ...(cleared ? { endedAt: row.ended_at as string } : {}),
    };
    const key = environmentKeys.alert(step.subject.id);
    if (cleared) {
      w.hot.push({ op: 'srem', key: environmentKeys.activeAlerts, member: step.subject.id });
      w.hot.push({ op: 'hset', key, fields: alertFields, ttlSeconds: ALERT_KEEP_SECONDS });
    } else {
      w.hot.push({ op: 'sadd', key: environmentKeys.activeAlerts, member: step.subject.id });
      w.hot.push({ op: 'hset', key, fields: alertFields });
    }
    w.changes.push({
      domain: 'environment',
      entity: 'HealthAlert',
      id: step.subject.id,
      fields: Object.keys(alertFields),
      data: { ...alertFields, transition: step.transition },
      produceTime: input.produceTime,
    });
    inc(w, `health_alerts_${step.transition}`);
  }

  function applyWeather(input: InputEvent, state: EnvironmentState, w: Writes): void {
    const e = input.event as WeatherEvent;
    const at = Date.parse(e.timestamp);
    const station = stationState(state.weather, e.stationId);
    const values = WEATHER_MEASURES.map((m) => e[m]);
    const bucket = accumulate(station, at, values, e.condition, WEATHER_MEASURES.length);
    if (!bucket) {
      inc(w, 'window_late_events');
      return;
    }
    w.durable.push({
      table: WEATHER_HOURLY_TABLE.table,
      row: {
        station_id: e.stationId,
        hour_start: new Date(bucket.start).toISOString(),
        samples: bucket.count,
        latitude: e.latitude,
        longitude: e.longitude,
        temperature_avg_c: r(mean(bucket, 0)),
        temperature_min_c: bucket.min[0],
        temperature_max_c: bucket.max[0],
        humidity_avg_pct: r(mean(bucket, 1)),
        wind_speed_avg_kmh: r(mean(bucket, 2)),
        wind_speed_max_kmh: bucket.max[2],
        precipitation_avg_mm_per_h: r(mean(bucket, 3)),
        precipitation_max_mm_per_h: bucket.max[3],
        pressure_avg_hpa: r(mean(bucket, 4)),
        condition: bucket.last,
      },
    });
    if (at < station.latestAt) {
      inc(w, 'out_of_order_events');
      return;
    }
    station.latestAt = at;
    const { schemaVersion: _v, eventId: _id, source: _s, stationId: _st, ...fields } = e;
    w.hot.push({ op: 'hset', key: environmentKeys.weather(e.stationId), fields, ttlSeconds: ttl });
    w.hot.push({
      op: 'geoadd',
      key: environmentKeys.weatherGeo,
      member: e.stationId,
      longitude: e.longitude,
      latitude: e.latitude,
    });
    w.changes.push({
      domain: 'environment',
      entity: 'WeatherStation',
      id: e.stationId,
      fields: Object.keys(fields),
      data: fields,
      produceTime: input.produceTime,
    });
  }

  /**
   * The first batch of each minute records the current AQI over the partition's stations that
   * reported within the hot-state TTL (the ones the live view still shows).
   */
  function sampleAirQuality(state: EnvironmentState, ctx: StageContext, w: Writes): void {
    const minute = Math.floor(ctx.now / MINUTE_MS) * MINUTE_MS;
    if (state.partition === null || state.sampledMinute === minute) return;
    state.sampledMinute = minute;
    let stations = 0;
    let sum = 0;
    let worst: { id: string; aqi: number } | null = null;
    for (const [id, station] of state.airQuality) {
      if (station.hours.size === 0 || station.latestAt < ctx.now - ttl * 1000) continue;
      const { aqi } = stationAqi(station.hours, Math.max(...station.hours.keys()));
      stations += 1;
      sum += aqi;
      if (!worst || aqi > worst.aqi || (aqi === worst.aqi && id < worst.id)) worst = { id, aqi };
    }
    if (!worst) return;
    w.durable.push({
      table: AIR_QUALITY_MINUTES_TABLE.table,
      row: {
        minute: new Date(minute).toISOString(),
        partition: state.partition,
        stations,
        aqi_sum: sum,
        worst_aqi: worst.aqi,
        worst_station_id: worst.id,
      },
    });
  }

  return {
    domain: 'environment',
    topics: ['air_quality_data', 'weather_data'],
    tables: [
      AIR_QUALITY_HOURLY_TABLE,
      WEATHER_HOURLY_TABLE,
      HEALTH_ALERTS_TABLE,
      AIR_QUALITY_MINUTES_TABLE,
    ],
    createState: newEnvironmentState,
    apply(input: InputEvent, state: EnvironmentState, _ctx: StageContext): Writes {
      const w = emptyWrites();
      if (input.topic === 'air_quality_data') applyAirQuality(input, state, w);
      else if (input.topic === 'weather_data') applyWeather(input, state, w);
      return w;
    },
    flush(state: EnvironmentState, ctx: StageContext): Writes {
      const w = emptyWrites();
      sampleAirQuality(state, ctx, w);
      return w;
    },
    snapshot: snapshotEnvironment,
    restore: restoreEnvironment,
    rebuild: createEnvironmentRebuild(),
  };
}
