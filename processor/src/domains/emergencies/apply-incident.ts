import type { IncidentEvent } from '@city/contracts';
import type { InputEvent, Writes } from '../../pipeline/types.js';
import { emergencyKeys, INCIDENT_TTL_SECONDS } from './emergencies-keys.js';
import type { EmergenciesState } from './emergencies-state.js';
import { INCIDENT_EVENTS_TABLE, INCIDENTS_TABLE } from './emergencies-tables.js';
import {
  applyIncidentEvent,
  isTerminal,
  responseIntervals,
  statusRank,
  type IncidentState,
} from './incident-lifecycle.js';

const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());

export function incidentRow(s: IncidentState): Record<string, unknown> {
  return {
    id: s.id,
    type: s.type,
    status: s.status,
    severity: s.severity,
    latitude: s.latitude,
    longitude: s.longitude,
    segment_id: s.segmentId,
    description: s.description,
    details: s.details,
    reported_by: s.reportedBy,
    reported_at: iso(s.reportedAt),
    last_event_at: iso(s.lastEventAt),
    resolved_at: iso(s.steps.resolved ?? s.steps.cancelled),
  };
}

/** Hot hash fields of an incident (times as ISO strings; absent steps omitted). */
export function incidentFields(s: IncidentState): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    type: s.type,
    status: s.status,
    severity: s.severity,
    latitude: s.latitude,
    longitude: s.longitude,
    description: s.description,
    reportedBy: s.reportedBy,
    reportedAt: iso(s.reportedAt)!,
    lastEventAt: iso(s.lastEventAt)!,
  };
  if (s.segmentId !== null) fields.segmentId = s.segmentId;
  const stepField = {
    acknowledged: 'acknowledgedAt',
    dispatched: 'dispatchedAt',
    en_route: 'enRouteAt',
    on_scene: 'onSceneAt',
    resolved: 'resolvedAt',
    cancelled: 'cancelledAt',
  } as const;
  for (const [step, field] of Object.entries(stepField)) {
    const t = s.steps[step as keyof typeof stepField];
    if (t !== undefined) fields[field] = iso(t)!;
  }
  for (const [k, v] of Object.entries(responseIntervals(s))) if (v !== null) fields[k] = v;
  return fields;
}

/**
 * One incident event: lifecycle state, durable incident + event rows, the incident hash, the
 * active set and geo index (removed once terminal) and an Incident change.
 */
export function applyIncident(
  input: InputEvent,
  state: EmergenciesState,
  w: Writes,
  retentionMs: number,
  watermark: number,
): void {
  const e = input.event as IncidentEvent;
  const at = Date.parse(e.timestamp);
  const known = state.incidents.get(e.incidentId);
  if (!known && at < watermark - retentionMs) {
    // Its incident was closed and forgotten long ago: keep the history row only (the durable
    // incident row is guarded by last_event_at).
    w.durable.push({ table: INCIDENT_EVENTS_TABLE.table, row: eventRow(e, e.severity ?? null) });
    w.counters.stale_incident_events = (w.counters.stale_incident_events ?? 0) + 1;
    return;
  }
  const before = known?.status;
  const s = applyIncidentEvent(known, e);
  state.incidents.set(s.id, s);
  w.durable.push({ table: INCIDENTS_TABLE.table, row: incidentRow(s) });
  w.durable.push({
    table: INCIDENT_EVENTS_TABLE.table,
    row: eventRow(e, e.severity ?? s.severity),
  });
  const fields = incidentFields(s);
  w.hot.push({
    op: 'hset',
    key: emergencyKeys.incident(s.id),
    fields,
    ttlSeconds: INCIDENT_TTL_SECONDS,
  });
  if (isTerminal(s.status)) {
    w.hot.push({ op: 'srem', key: emergencyKeys.activeIncidents, member: s.id });
    w.hot.push({ op: 'zrem', key: emergencyKeys.incidentGeo, member: s.id });
  } else {
    w.hot.push({ op: 'sadd', key: emergencyKeys.activeIncidents, member: s.id });
    w.hot.push({
      op: 'geoadd',
      key: emergencyKeys.incidentGeo,
      member: s.id,
      longitude: s.longitude,
      latitude: s.latitude,
    });
  }
  w.changes.push({
    domain: 'emergencies',
    entity: 'Incident',
    id: s.id,
    fields: Object.keys(fields),
    data: fields,
    produceTime: input.produceTime,
  });
  if (before === undefined) w.counters.incidents_opened = (w.counters.incidents_opened ?? 0) + 1;
  if (before !== undefined && statusRank(e.status) < statusRank(s.status)) {
    w.counters.incident_status_regressions_ignored =
      (w.counters.incident_status_regressions_ignored ?? 0) + 1;
  }
}

function eventRow(e: IncidentEvent, severity: string | null): Record<string, unknown> {
  return {
    id: e.eventId,
    incident_id: e.incidentId,
    status: e.status,
    severity,
    actor: e.reportedBy,
    source: e.source,
    note: e.description === '' ? null : e.description,
    occurred_at: e.timestamp,
  };
}

/** Forgets terminal incidents whose last event is older than the retention (event time). */
export function pruneIncidents(state: EmergenciesState, watermark: number, retentionMs: number) {
  for (const [id, s] of state.incidents) {
    if (isTerminal(s.status) && s.lastEventAt < watermark - retentionMs) state.incidents.delete(id);
  }
}
