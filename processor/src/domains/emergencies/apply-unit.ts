import type { DispatchCommand, UnitStatusEvent } from '@city/contracts';
import type { InputEvent, Writes } from '../../pipeline/types.js';
import { emergencyKeys, INCIDENT_TTL_SECONDS } from './emergencies-keys.js';
import type { EmergenciesState } from './emergencies-state.js';
import { EMERGENCY_UNITS_TABLE, INCIDENT_RESPONSE_STEPS_TABLE } from './emergencies-tables.js';
import { incidentStepOfUnitStatus, unitStepEvent } from './unit-step-event.js';

/** Incident hash field a unit step sets (the latest unit to reach the step wins in Redis). */
const INCIDENT_STEP_FIELD: Partial<Record<UnitStatusEvent['status'], string>> = {
  en_route: 'unitEnRouteAt',
  on_scene: 'unitOnSceneAt',
  clearing: 'unitClearingAt',
};

function stepRow(
  id: string,
  incidentId: string,
  unitId: string,
  step: string,
  commandId: string | null,
  actor: string,
  occurredAt: string,
): Record<string, unknown> {
  return {
    id,
    incident_id: incidentId,
    unit_id: unitId,
    step,
    command_id: commandId,
    actor,
    occurred_at: occurredAt,
  };
}

/**
 * A unit status report: the unit row (newest status by event time), hash, geo index and
 * available set, an EmergencyUnit change; when it concerns an incident, a response step row, the
 * step time on the incident's hash and an Incident change. An out-of-order (older) report only
 * adds its response step.
 */
export function applyUnitStatus(input: InputEvent, state: EmergenciesState, w: Writes): void {
  const e = input.event as UnitStatusEvent;
  const at = Date.parse(e.timestamp);
  if (e.incidentId !== null) {
    w.durable.push({
      table: INCIDENT_RESPONSE_STEPS_TABLE.table,
      row: stepRow(e.eventId, e.incidentId, e.unitId, e.status, e.commandId, e.unitId, e.timestamp),
    });
    // Also an out-of-order report: the incident keeps the earliest time of each step.
    const step = incidentStepOfUnitStatus(e.status);
    if (step) {
      w.emits.push({
        topic: 'emergency_incident_data',
        event: unitStepEvent({
          incidentId: e.incidentId,
          status: step,
          timestamp: e.timestamp,
          sourceEventId: e.eventId,
          actor: e.unitId,
          latitude: e.latitude,
          longitude: e.longitude,
        }),
      });
    }
  }
  const unit = state.units.get(e.unitId);
  if (unit && at < unit.lastStatusAt) {
    w.counters.out_of_order_unit_status = (w.counters.out_of_order_unit_status ?? 0) + 1;
    return;
  }
  state.units.set(e.unitId, { status: e.status, incidentId: e.incidentId, lastStatusAt: at });
  w.durable.push({
    table: EMERGENCY_UNITS_TABLE.table,
    row: {
      id: e.unitId,
      type: e.unitType,
      status: e.status,
      last_latitude: e.latitude,
      last_longitude: e.longitude,
      last_position_at: e.timestamp,
      last_status_at: e.timestamp,
    },
  });
  const fields = {
    type: e.unitType,
    status: e.status,
    incidentId: e.incidentId ?? '',
    commandId: e.commandId ?? '',
    latitude: e.latitude,
    longitude: e.longitude,
    statusAt: e.timestamp,
  };
  w.hot.push({ op: 'hset', key: emergencyKeys.unit(e.unitId), fields });
  w.hot.push({
    op: 'geoadd',
    key: emergencyKeys.unitGeo,
    member: e.unitId,
    longitude: e.longitude,
    latitude: e.latitude,
  });
  w.hot.push({
    op: e.status === 'available' ? 'sadd' : 'srem',
    key: emergencyKeys.availableUnits,
    member: e.unitId,
  });
  w.changes.push({
    domain: 'emergencies',
    entity: 'EmergencyUnit',
    id: e.unitId,
    fields: Object.keys(fields),
    data: fields,
    produceTime: input.produceTime,
  });
  const stepField = INCIDENT_STEP_FIELD[e.status];
  if (e.incidentId !== null && stepField) {
    const incidentFields = { [stepField]: e.timestamp, lastUnitId: e.unitId };
    w.hot.push({
      op: 'hset',
      key: emergencyKeys.incident(e.incidentId),
      fields: incidentFields,
      ttlSeconds: INCIDENT_TTL_SECONDS,
    });
    w.changes.push({
      domain: 'emergencies',
      entity: 'Incident',
      id: e.incidentId,
      fields: Object.keys(incidentFields),
      data: incidentFields,
      produceTime: input.produceTime,
    });
  }
}

/** A dispatch command: a `dispatched` response step, the pending order on the unit and incident. */
export function applyDispatch(input: InputEvent, w: Writes): void {
  const c = input.event as DispatchCommand;
  w.durable.push({
    table: INCIDENT_RESPONSE_STEPS_TABLE.table,
    row: stepRow(
      c.eventId,
      c.incidentId,
      c.unitId,
      'dispatched',
      c.commandId,
      c.issuedBy,
      c.timestamp,
    ),
  });
  w.emits.push({
    topic: 'emergency_incident_data',
    event: unitStepEvent({
      incidentId: c.incidentId,
      status: 'dispatched',
      timestamp: c.timestamp,
      sourceEventId: c.eventId,
      actor: c.issuedBy,
      latitude: c.latitude,
      longitude: c.longitude,
    }),
  });
  const unitFields = {
    dispatchedIncidentId: c.incidentId,
    dispatchedCommandId: c.commandId,
    dispatchedAt: c.timestamp,
    dispatchPriority: c.priority,
  };
  w.hot.push({ op: 'hset', key: emergencyKeys.unit(c.unitId), fields: unitFields });
  const incidentFields = { unitDispatchedAt: c.timestamp, lastDispatchedUnitId: c.unitId };
  w.hot.push({
    op: 'hset',
    key: emergencyKeys.incident(c.incidentId),
    fields: incidentFields,
    ttlSeconds: INCIDENT_TTL_SECONDS,
  });
  w.changes.push(
    {
      domain: 'emergencies',
      entity: 'EmergencyUnit',
      id: c.unitId,
      fields: Object.keys(unitFields),
      data: unitFields,
      produceTime: input.produceTime,
    },
    {
      domain: 'emergencies',
      entity: 'Incident',
      id: c.incidentId,
      fields: Object.keys(incidentFields),
      data: incidentFields,
      produceTime: input.produceTime,
    },
  );
}
