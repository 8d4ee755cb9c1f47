import type { DurableTableSpec } from '../../pipeline/types.js';

/** Prisma model AirQualityHourly: one row per station and event-time hour (running aggregate). */
export const AIR_QUALITY_HOURLY_TABLE: DurableTableSpec = Object.freeze({
  table: 'air_quality_hourly',
  key: ['station_id', 'hour_start'],
  columns: [
    'station_id',
    'hour_start',
    'samples',
    'latitude',
    'longitude',
    'pm25_avg',
    'pm25_max',
    'pm10_avg',
    'pm10_max',
    'o3_avg_ppb',
    'o3_max_ppb',
    'no2_avg_ppb',
    'no2_max_ppb',
    'co_avg_ppm',
    'co_max_ppm',
    'noise_avg_dba',
    'noise_max_dba',
    'aqi_max',
    'dominant_pollutant',
  ],
});

/** Prisma model WeatherHourly. */
export const WEATHER_HOURLY_TABLE: DurableTableSpec = Object.freeze({
  table: 'weather_hourly',
  key: ['station_id', 'hour_start'],
  columns: [
    'station_id',
    'hour_start',
    'samples',
    'latitude',
    'longitude',
    'temperature_avg_c',
    'temperature_min_c',
    'temperature_max_c',
    'humidity_avg_pct',
    'wind_speed_avg_kmh',
    'wind_speed_max_kmh',
    'precipitation_avg_mm_per_h',
    'precipitation_max_mm_per_h',
    'pressure_avg_hpa',
    'condition',
  ],
});

/**
 * Prisma model HealthAlert: one row per episode of a station at "Unhealthy for Sensitive Groups"
 * or worse; `last_event_at` guards against out-of-order replays.
 */
export const HEALTH_ALERTS_TABLE: DurableTableSpec = Object.freeze({
  table: 'health_alerts',
  key: ['id'],
  columns: [
    'id',
    'station_id',
    'status',
    'category',
    'aqi',
    'dominant_pollutant',
    'peak_aqi',
    'peak_category',
    'latitude',
    'longitude',
    'started_at',
    'ended_at',
    'last_event_at',
  ],
  newerBy: 'last_event_at',
});

/**
 * Prisma model AirQualityMinute: the current AQI over one air_quality_data partition's stations,
 * one row per minute (the city summary's history of worst and average AQI).
 */
export const AIR_QUALITY_MINUTES_TABLE: DurableTableSpec = Object.freeze({
  table: 'air_quality_minutes',
  key: ['minute', 'partition'],
  columns: ['minute', 'partition', 'stations', 'aqi_sum', 'worst_aqi', 'worst_station_id'],
});
