import { env, parseConfig, type ParseOptions } from '@city/config';

const DAY = { min: 0, max: 36_500 } as const;

/**
 * Environment of the PostgreSQL retention job (spread into the processor's config spec). Horizons
 * are whole days; 0 keeps a table forever. See docs/processor.md, "Retention".
 */
export const retentionConfigSpec = {
  retentionIntervalMs: env.int('PROCESSOR_RETENTION_INTERVAL_MS', {
    default: 600_000,
    min: 0,
    description: 'How often this process tries the retention job (0: never in this process)',
  }),
  retentionChunkRows: env.int('PROCESSOR_RETENTION_CHUNK_ROWS', {
    default: 5000,
    min: 1,
    max: 1_000_000,
    description: 'Rows deleted per statement (one short transaction each)',
  }),
  retentionPauseMs: env.int('PROCESSOR_RETENTION_PAUSE_MS', {
    default: 50,
    min: 0,
    description: 'Pause between two delete statements',
  }),
  retentionTrafficWindowsDays: env.int('PROCESSOR_RETENTION_TRAFFIC_WINDOWS_DAYS', {
    default: 7,
    ...DAY,
  }),
  retentionSpeedingEventsDays: env.int('PROCESSOR_RETENTION_SPEEDING_EVENTS_DAYS', {
    default: 30,
    ...DAY,
  }),
  retentionGeofenceTransitionsDays: env.int('PROCESSOR_RETENTION_GEOFENCE_TRANSITIONS_DAYS', {
    default: 30,
    ...DAY,
  }),
  retentionMinutesDays: env.int('PROCESSOR_RETENTION_MINUTES_DAYS', {
    default: 30,
    ...DAY,
    description: 'vehicle_count_minutes, traffic_kpi_minutes, air_quality_minutes',
  }),
  retentionHourlyDays: env.int('PROCESSOR_RETENTION_HOURLY_DAYS', {
    default: 365,
    ...DAY,
    description: 'air_quality_hourly, weather_hourly',
  }),
  retentionHealthAlertsDays: env.int('PROCESSOR_RETENTION_HEALTH_ALERTS_DAYS', {
    default: 365,
    ...DAY,
    description: 'health alert episodes, by their end (active ones are never deleted)',
  }),
  retentionProcessedEventsDays: env.int('PROCESSOR_RETENTION_PROCESSED_EVENTS_DAYS', {
    default: 14,
    ...DAY,
  }),
};

export type RetentionConfig = ReturnType<typeof parseConfig<typeof retentionConfigSpec>>;

/** The retention fields alone (tests; the processor parses them with the rest of its config). */
export function loadRetentionConfig(options: ParseOptions = {}): RetentionConfig {
  return parseConfig(retentionConfigSpec, options);
}
