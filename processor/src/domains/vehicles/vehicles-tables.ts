import type { DurableTableSpec } from '../../pipeline/types.js';

/** Latest position per vehicle; an older fix never overwrites a newer one. */
export const VEHICLES_TABLE: DurableTableSpec = {
  table: 'vehicles',
  key: ['id'],
  columns: [
    'id',
    'vehicle_type',
    'latitude',
    'longitude',
    'speed_kmh',
    'heading_deg',
    'segment_id',
    'last_seen_at',
  ],
  newerBy: 'last_seen_at',
};

/** One row per speeding episode, keyed by the first speeding fix's eventId. */
export const SPEEDING_EVENTS_TABLE: DurableTableSpec = {
  table: 'speeding_events',
  key: ['id'],
  columns: [
    'id',
    'vehicle_id',
    'vehicle_type',
    'segment_id',
    'speed_kmh',
    'limit_kmh',
    'latitude',
    'longitude',
    'occurred_at',
  ],
};

/** Zone enter/exit transitions, keyed by the geofence event's (derived) eventId. */
export const GEOFENCE_TRANSITIONS_TABLE: DurableTableSpec = {
  table: 'geofence_transitions',
  key: ['id'],
  columns: [
    'id',
    'vehicle_id',
    'zone_id',
    'zone_kind',
    'transition',
    'latitude',
    'longitude',
    'occurred_at',
  ],
};

/** Active vehicles per gps_data partition, one row per minute (the city summary's history). */
export const VEHICLE_COUNT_MINUTES_TABLE: DurableTableSpec = {
  table: 'vehicle_count_minutes',
  key: ['minute', 'partition'],
  columns: ['minute', 'partition', 'active_vehicles'],
};

export const VEHICLES_TABLES = [
  VEHICLES_TABLE,
  SPEEDING_EVENTS_TABLE,
  GEOFENCE_TRANSITIONS_TABLE,
  VEHICLE_COUNT_MINUTES_TABLE,
];
