import type { RetentionConfig } from './retention-config.js';

/** One table the retention job prunes: rows whose `column` is before now − `days` days. */
export interface RetentionPolicy {
  readonly table: string;
  /** A timestamptz column with an index led by it (the chunk query walks that index). */
  readonly column: string;
  /** Horizon in days; 0 keeps the table forever. */
  readonly days: number;
}

type DaysKey = {
  [K in keyof RetentionConfig]: K extends `retention${string}Days` ? K : never;
}[keyof RetentionConfig];

/**
 * Every table that grows with the stream, the time column it is pruned by and the config field
 * of its horizon. Tables kept on purpose: KEPT_TABLES (docs/processor.md, Retention).
 */
export const RETENTION_TABLES: readonly {
  readonly table: string;
  readonly column: string;
  readonly days: DaysKey;
}[] = [
  { table: 'traffic_windows', column: 'window_start', days: 'retentionTrafficWindowsDays' },
  { table: 'speeding_events', column: 'occurred_at', days: 'retentionSpeedingEventsDays' },
  {
    table: 'geofence_transitions',
    column: 'occurred_at',
    days: 'retentionGeofenceTransitionsDays',
  },
  { table: 'vehicle_count_minutes', column: 'minute', days: 'retentionMinutesDays' },
  { table: 'traffic_kpi_minutes', column: 'minute', days: 'retentionMinutesDays' },
  { table: 'air_quality_minutes', column: 'minute', days: 'retentionMinutesDays' },
  { table: 'air_quality_hourly', column: 'hour_start', days: 'retentionHourlyDays' },
  { table: 'weather_hourly', column: 'hour_start', days: 'retentionHourlyDays' },
  // ended_at is null while an episode is active: an active alert is never deleted.
  { table: 'health_alerts', column: 'ended_at', days: 'retentionHealthAlertsDays' },
  { table: 'processed_events', column: 'processed_at', days: 'retentionProcessedEventsDays' },
];

/**
 * Tables the retention job never deletes from, and why (the integration test fails when a table
 * is in neither list, so a new table needs a decision).
 */
export const KEPT_TABLES: Readonly<Record<string, string>> = {
  incidents: 'operational record: an incident is the unit of emergency response and review',
  incident_events: "the incident's lifecycle, the evidence behind its state",
  incident_response_steps: 'the response intervals (NFPA 1710-style) of each incident',
  dispatches: 'who sent which unit where: operational and compliance record',
  emergency_units: 'one row per unit (current state)',
  audit_log: 'compliance: every state-changing API action',
  vehicles: 'one row per vehicle (latest position), bounded by the fleet',
  stations: 'reference data',
  road_segments: 'reference data (the street graph)',
  zones: 'reference data (neighbourhoods and operator zones)',
  api_keys: 'credentials (revoked keys stay for the audit trail)',
  _prisma_migrations: 'the migration history',
};

/** The policies of a configuration, in RETENTION_TABLES order (0-day ones included). */
export function retentionPolicies(config: RetentionConfig): RetentionPolicy[] {
  return RETENTION_TABLES.map((t) => ({ table: t.table, column: t.column, days: config[t.days] }));
}
