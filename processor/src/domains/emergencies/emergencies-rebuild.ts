import type { IncidentEvent, UnitStatusEvent } from '@city/contracts';
import type { DomainRebuild, PartitionRebuildContext, SqlQuery } from '../../pipeline/rebuild.js';
import type { HotWrite } from '../../pipeline/types.js';
import { incidentFields } from './apply-incident.js';
import { emergencyKeys, INCIDENT_TTL_SECONDS } from './emergencies-keys.js';
import { newEmergenciesState, type EmergenciesState } from './emergencies-state.js';
import { isTerminal, type IncidentState, type IncidentStatus } from './incident-lifecycle.js';
import type { Severity } from './severity.js';

interface IncidentRow {
  id: string;
  type: IncidentEvent['type'];
  status: IncidentStatus;
  severity: Severity;
  latitude: number;
  longitude: number;
  segment_id: number | null;
  description: string | null;
  details: IncidentEvent['details'] | null;
  reported_by: string | null;
  reported_ms: number;
  last_ms: number;
}

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/** Incidents (active, or terminal with their last event after `since`) with their step times. */
async function loadIncidents(query: SqlQuery, since: number | null): Promise<IncidentState[]> {
  const rows = await query<IncidentRow>(
    `SELECT id, type::text AS type, status::text AS status, severity::text AS severity,
            latitude, longitude, segment_id, description, details, reported_by,
            ${ms('reported_at')} AS reported_ms, ${ms('last_event_at')} AS last_ms
       FROM incidents
      WHERE status NOT IN ('resolved', 'cancelled')
         OR ($1::float8 IS NOT NULL AND last_event_at >= to_timestamp($1::float8 / 1000))`,
    since,
  );
  if (rows.length === 0) return [];
  // Step times: the incident's own events and the unit steps that moved it (which write no
  // incident_events row), the earliest per status.
  const steps = await query<{ incident_id: string; status: IncidentStatus; at: number }>(
    `SELECT incident_id, status, ${ms('min(occurred_at)')} AS at FROM (
       SELECT incident_id, status::text AS status, occurred_at FROM incident_events
        WHERE incident_id = ANY($1::text[])
       UNION ALL
       SELECT incident_id, step AS status, occurred_at FROM incident_response_steps
        WHERE incident_id = ANY($1::text[]) AND step IN ('dispatched', 'en_route', 'on_scene')
     ) s GROUP BY incident_id, status`,
    rows.map((r) => r.id),
  );
  const stepsOf = new Map<string, Partial<Record<IncidentStatus, number>>>();
  for (const s of steps) {
    const m = stepsOf.get(s.incident_id) ?? {};
    m[s.status] = Number(s.at);
    stepsOf.set(s.incident_id, m);
  }
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    severity: r.severity,
    // Whether the severity was stated or judged is not stored: keep it as if stated (a later
    // stated severity still replaces it; new details no longer re-judge it).
    statedSeverity: r.severity,
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    segmentId: r.segment_id,
    description: r.description ?? '',
    details: r.details ?? {},
    reportedBy: r.reported_by ?? '',
    reportedAt: Number(r.reported_ms),
    lastEventAt: Number(r.last_ms),
    steps: { [r.status]: Number(r.last_ms), ...stepsOf.get(r.id) },
  }));
}

interface UnitRow {
  id: string;
  type: string;
  status: UnitStatusEvent['status'];
  last_latitude: number;
  last_longitude: number;
  status_ms: number;
  incident_id: string | null;
  command_id: string | null;
  dispatched_incident_id: string | null;
  dispatched_command_id: string | null;
  dispatched_ms: number | null;
}

/** Units with the incident of their newest status report and their newest dispatch order. */
async function loadUnits(query: SqlQuery): Promise<UnitRow[]> {
  return query<UnitRow>(
    `SELECT u.id, u.type::text AS type, u.status::text AS status, u.last_latitude,
            u.last_longitude, ${ms('u.last_status_at')} AS status_ms,
            s.incident_id, s.command_id::text AS command_id,
            d.incident_id AS dispatched_incident_id, d.command_id::text AS dispatched_command_id,
            ${ms('d.occurred_at')} AS dispatched_ms
       FROM emergency_units u
       LEFT JOIN LATERAL (
         SELECT incident_id, command_id FROM incident_response_steps
          WHERE unit_id = u.id AND step <> 'dispatched' AND occurred_at = u.last_status_at
          ORDER BY id LIMIT 1) s ON true
       LEFT JOIN LATERAL (
         SELECT incident_id, command_id, occurred_at FROM incident_response_steps
          WHERE unit_id = u.id AND step = 'dispatched'
          ORDER BY occurred_at DESC, id LIMIT 1) d ON true`,
  );
}

/** Newest time per unit step of each incident, as the incident hash keeps them. */
async function loadIncidentUnitSteps(query: SqlQuery, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return query<{ incident_id: string; step: string; at: string; unit_id: string }>(
    `SELECT DISTINCT ON (incident_id, step) incident_id, step, unit_id,
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM incident_response_steps
      WHERE incident_id = ANY($1::text[]) AND step IN ('dispatched', 'en_route', 'on_scene', 'clearing')
      ORDER BY incident_id, step, occurred_at DESC, id`,
    ids,
  );
}

const STEP_FIELDS: Record<string, [string, string]> = {
  dispatched: ['unitDispatchedAt', 'lastDispatchedUnitId'],
  en_route: ['unitEnRouteAt', 'lastUnitId'],
  on_scene: ['unitOnSceneAt', 'lastUnitId'],
  clearing: ['unitClearingAt', 'lastUnitId'],
};

export function incidentHotWrites(s: IncidentState): HotWrite[] {
  if (isTerminal(s.status)) return [];
  return [
    {
      op: 'hset',
      key: emergencyKeys.incident(s.id),
      fields: incidentFields(s),
      ttlSeconds: INCIDENT_TTL_SECONDS,
    },
    { op: 'sadd', key: emergencyKeys.activeIncidents, member: s.id },
    {
      op: 'geoadd',
      key: emergencyKeys.incidentGeo,
      member: s.id,
      longitude: s.longitude,
      latitude: s.latitude,
    },
  ];
}

export function unitHotWrites(u: UnitRow): HotWrite[] {
  const iso = (t: number) => new Date(Number(t)).toISOString();
  const fields: Record<string, string | number> = {
    type: u.type,
    status: u.status,
    incidentId: u.incident_id ?? '',
    commandId: u.command_id ?? '',
    latitude: Number(u.last_latitude),
    longitude: Number(u.last_longitude),
    statusAt: iso(u.status_ms),
  };
  if (u.dispatched_incident_id !== null && u.dispatched_ms !== null) {
    fields.dispatchedIncidentId = u.dispatched_incident_id;
    fields.dispatchedCommandId = u.dispatched_command_id ?? '';
    fields.dispatchedAt = iso(u.dispatched_ms);
  }
  return [
    { op: 'hset', key: emergencyKeys.unit(u.id), fields },
    {
      op: 'geoadd',
      key: emergencyKeys.unitGeo,
      member: u.id,
      longitude: Number(u.last_longitude),
      latitude: Number(u.last_latitude),
    },
    {
      op: u.status === 'available' ? 'sadd' : 'srem',
      key: emergencyKeys.availableUnits,
      member: u.id,
    },
  ];
}

/**
 * Emergencies from PostgreSQL: active incidents (hash with status, severity, step times and
 * intervals, the unit step times from incident_response_steps; active set; geo index) and every
 * unit (hash, geo index, available set). State: the incident partition's incidents (active ones,
 * and terminal ones within the retention so a late event cannot reopen them) and the unit
 * partition's units.
 */
export function createEmergenciesRebuild(retentionMs: number): DomainRebuild<EmergenciesState> {
  return {
    async hot({ query }) {
      const incidents = await loadIncidents(query, null);
      const out: HotWrite[] = incidents.flatMap(incidentHotWrites);
      for (const step of await loadIncidentUnitSteps(
        query,
        incidents.map((i) => i.id),
      )) {
        const [timeField, unitField] = STEP_FIELDS[step.step]!;
        out.push({
          op: 'hset',
          key: emergencyKeys.incident(step.incident_id),
          fields: { [timeField]: step.at, [unitField]: step.unit_id },
          ttlSeconds: INCIDENT_TTL_SECONDS,
        });
      }
      for (const u of await loadUnits(query)) out.push(...unitHotWrites(u));
      return out;
    },
    async state(ctx: PartitionRebuildContext) {
      const state = newEmergenciesState();
      if (ctx.topic === 'emergency_incident_data') {
        for (const s of await loadIncidents(ctx.query, ctx.now - retentionMs))
          if (ctx.owns(s.id)) state.incidents.set(s.id, s);
      } else if (ctx.topic === 'emergency_unit_status') {
        for (const u of await loadUnits(ctx.query)) {
          if (!ctx.owns(u.id)) continue;
          state.units.set(u.id, {
            status: u.status,
            incidentId: u.incident_id,
            lastStatusAt: Number(u.status_ms),
          });
        }
      } else {
        return undefined;
      }
      return state;
    },
  };
}
