import type { IncidentEvent } from '@city/contracts';

/** An `incidents` row as raw SQL returns it (enums as their contract strings). */
export interface IncidentRow {
  readonly id: string;
  readonly type: IncidentEvent['type'];
  readonly status: IncidentEvent['status'];
  readonly severity: NonNullable<IncidentEvent['severity']>;
  readonly latitude: number;
  readonly longitude: number;
  readonly segment_id: number | null;
  readonly description: string;
  readonly details: IncidentEvent['details'];
  readonly reported_by: string;
  readonly reported_at: Date;
  readonly last_event_at: Date;
  readonly resolved_at: Date | null;
}

export const INCIDENT_COLUMNS =
  'id, type::text AS type, status::text AS status, severity::text AS severity, latitude, longitude, segment_id, description, details, reported_by, reported_at, last_event_at, resolved_at';

/** Lifecycle order (as the processor's); resolved and cancelled are both final. */
const RANK: Readonly<Record<IncidentEvent['status'], number>> = {
  reported: 0,
  acknowledged: 1,
  dispatched: 2,
  en_route: 3,
  on_scene: 4,
  resolved: 5,
  cancelled: 5,
};

export const statusRank = (s: IncidentEvent['status']) => RANK[s];
export const isTerminal = (s: IncidentEvent['status']) => RANK[s] === 5;
export const TERMINAL_STATUSES = ['resolved', 'cancelled'] as const;
