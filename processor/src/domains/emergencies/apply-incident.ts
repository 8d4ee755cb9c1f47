import type { IncidentEvent } from '@city/contracts';
import type { InputEvent, Writes } from '../../pipeline/types.js';
import { emergencyKeys, INCIDENT_TTL_SECONDS } from './emergencies-keys.js';
import type { EmergenciesState } from './emergencies-state.js';
import { INCIDENT_EVENTS_TABLE, INCIDENTS_TABLE } from './emergencies-tables.js';
import { isUnitStep } from './unit-step-event.js';
import {
  applyIncidentEvent,
  applyStatusStep,
  isTerminal,
  responseIntervals,
  statusRank,
  type IncidentState,
  type IncidentStatus,
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
  if (isUnitStep(e)) {
    applyUnitStep(input, state, w);
    return;
  }
  if (!known && at < watermark - retentionMs) {
    // Not held, and beyond the retention: its incident was closed and forgotten long ago, or this
    // is its first event, hours late (or from a producer on another clock). Only recorded: the
    // history row, and the incident row it references if there is none yet (never replacing
    // one), so the foreign key cannot fail the batch; nothing comes back into memory or Redis.
    w.durable.push({
      table: INCIDENTS_TABLE.table,
      row: incidentRow(applyIncidentEvent(undefined, e)),
      ifAbsent: true,
    });
    w.durable.push({ table: INCIDENT_EVENTS_TABLE.table, row: eventRow(e, e.severity ?? null) });
    w.counters.stale_incident_events = (w.counters.stale_incident_events ?? 0) + 1;
    return;
  }
  const before = known?.status;
  const s = applyIncidentEvent(known, e);
  state.incidents.set(s.id, s);
  const pending = known ? undefined : state.pendingSteps.get(s.id);
  if (pending) {
    state.pendingSteps.delete(s.id);
    for (const [status, t] of Object.entries(pending))
      applyStatusStep(s, status as IncidentStatus, t);
  }
  w.durable.push({
    table: INCIDENT_EVENTS_TABLE.table,
    row: eventRow(e, e.severity ?? s.severity),
  });
  writeIncident(s, input, w);
  if (before === undefined) w.counters.incidents_opened = (w.counters.incidents_opened ?? 0) + 1;
  if (before !== undefined && statusRank(e.status) < statusRank(s.status)) {
    w.counters.incident_status_regressions_ignored =
      (w.counters.incident_status_regressions_ignored ?? 0) + 1;
  }
}

/**
 * A unit's step on the incident (derived by this stage from a unit report or dispatch command):
 * moves the lifecycle of a known incident; for an incident not seen yet it waits in the state.
 * It writes no incident_events row: the step is in incident_response_steps already.
 */
function applyUnitStep(input: InputEvent, state: EmergenciesState, w: Writes): void {
  const e = input.event as IncidentEvent;
  const at = Date.parse(e.timestamp);
  const s = state.incidents.get(e.incidentId);
  if (!s) {
    const pending = state.pendingSteps.get(e.incidentId) ?? {};
    const prev = pending[e.status];
    pending[e.status] = prev === undefined ? at : Math.min(prev, at);
    state.pendingSteps.set(e.incidentId, pending);
    w.counters.incident_unit_steps_pending = (w.counters.incident_unit_steps_pending ?? 0) + 1;
    return;
  }
  if (!applyStatusStep(s, e.status, at)) return;
  w.counters.incident_unit_steps_applied = (w.counters.incident_unit_steps_applied ?? 0) + 1;
  writeIncident(s, input, w);
}

/** The incident row, hash, active set and geo index, and an Incident change. */
function writeIncident(s: IncidentState, input: InputEvent, w: Writes): void {
  w.durable.push({ table: INCIDENTS_TABLE.table, row: incidentRow(s) });
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
  // Steps whose incident never arrived here within the retention.
  for (const [id, steps] of state.pendingSteps) {
    if (Math.max(...Object.values(steps)) < watermark - retentionMs) state.pendingSteps.delete(id);
  }
}
