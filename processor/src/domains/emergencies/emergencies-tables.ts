import type { DurableTableSpec } from '../../pipeline/types.js';

/** Prisma model Incident (init migration); written only by the incident partition. */
export const INCIDENTS_TABLE: DurableTableSpec = Object.freeze({
  table: 'incidents',
  key: ['id'],
  columns: [
    'id',
    'type',
    'status',
    'severity',
    'latitude',
    'longitude',
    'segment_id',
    'description',
    'details',
    'reported_by',
    'reported_at',
    'last_event_at',
    'resolved_at',
  ],
  newerBy: 'last_event_at',
});

/** Prisma model IncidentEvent: one row per incident event (key: its eventId). */
export const INCIDENT_EVENTS_TABLE: DurableTableSpec = Object.freeze({
  table: 'incident_events',
  key: ['id'],
  columns: ['id', 'incident_id', 'status', 'severity', 'actor', 'source', 'note', 'occurred_at'],
});

/**
 * Prisma model EmergencyUnit. `current_incident_id`, `station_id` and `call_sign` are not
 * written: they reference incidents and stations by foreign key, and a unit status (another
 * partition) can arrive before its incident's row exists; the unit's current incident is in the
 * hot state and in incident_response_steps.
 */
export const EMERGENCY_UNITS_TABLE: DurableTableSpec = Object.freeze({
  table: 'emergency_units',
  key: ['id'],
  columns: [
    'id',
    'type',
    'status',
    'last_latitude',
    'last_longitude',
    'last_position_at',
    'last_status_at',
  ],
  newerBy: 'last_status_at',
});

/**
 * Prisma model IncidentResponseStep: dispatch commands and unit status reports about an
 * incident, one row per source event, without foreign keys (they come from partitions keyed by
 * unit, in no order relative to the incident's own events). Response intervals per incident are
 * the earliest `occurred_at` per step (see docs/processor.md).
 */
export const INCIDENT_RESPONSE_STEPS_TABLE: DurableTableSpec = Object.freeze({
  table: 'incident_response_steps',
  key: ['id'],
  columns: ['id', 'incident_id', 'unit_id', 'step', 'command_id', 'actor', 'occurred_at'],
});
