import type { IncidentEvent, UnitStatusEvent } from '@city/contracts';
import { deriveEventId } from '../../pipeline/derive-event-id.js';
import type { IncidentStatus } from './incident-lifecycle.js';

/**
 * `source` of the incident events the emergencies stage derives from unit status reports and
 * dispatch commands. Only their status, timestamp and reportedBy mean something: `type`,
 * `description` and `details` are placeholders (the unit partition does not know the incident),
 * and the lifecycle never takes descriptive fields from them.
 */
export const UNIT_STEP_SOURCE = 'processor-emergencies:unit-step';

/** Incident status a unit report moves its incident to (clearing/returning do not resolve it). */
const STEP_OF_UNIT: Partial<Record<UnitStatusEvent['status'], IncidentStatus>> = {
  dispatched: 'dispatched',
  en_route: 'en_route',
  on_scene: 'on_scene',
};

export function incidentStepOfUnitStatus(status: UnitStatusEvent['status']): IncidentStatus | null {
  return STEP_OF_UNIT[status] ?? null;
}

export const isUnitStep = (e: IncidentEvent) => e.source === UNIT_STEP_SOURCE;

/**
 * The incident-keyed event that carries a unit's step to the incident's partition, where the
 * lifecycle state lives (emergency_incident_data is keyed by incidentId; unit reports and
 * commands by unitId). Its eventId is derived from the source event: a replay re-emits the same.
 */
export function unitStepEvent(step: {
  readonly incidentId: string;
  readonly status: IncidentStatus;
  readonly timestamp: string;
  readonly sourceEventId: string;
  /** Who took the step: the unit (status reports) or the issuer (dispatch commands). */
  readonly actor: string;
  readonly latitude: number;
  readonly longitude: number;
}): IncidentEvent {
  return {
    schemaVersion: 1,
    eventId: deriveEventId('incident-unit-step', step.sourceEventId),
    timestamp: step.timestamp,
    source: UNIT_STEP_SOURCE,
    incidentId: step.incidentId,
    type: 'accident',
    status: step.status,
    latitude: step.latitude,
    longitude: step.longitude,
    description: '',
    details: {},
    reportedBy: step.actor,
  };
}
