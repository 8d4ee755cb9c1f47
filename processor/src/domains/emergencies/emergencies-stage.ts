import type { IncidentCandidate } from '@city/contracts';
import {
  emptyWrites,
  type DomainStage,
  type InputEvent,
  type StageContext,
  type Writes,
} from '../../pipeline/types.js';
import { applyIncident, pruneIncidents } from './apply-incident.js';
import { applyDispatch, applyUnitStatus } from './apply-unit.js';
import { incidentFromCandidate } from './candidate-incident.js';
import { createEmergenciesRebuild } from './emergencies-rebuild.js';
import {
  newEmergenciesState,
  restoreEmergencies,
  snapshotEmergencies,
  type EmergenciesState,
} from './emergencies-state.js';
import {
  EMERGENCY_UNITS_TABLE,
  INCIDENT_EVENTS_TABLE,
  INCIDENT_RESPONSE_STEPS_TABLE,
  INCIDENTS_TABLE,
} from './emergencies-tables.js';

export interface EmergenciesStageOptions {
  /** Terminal incidents are forgotten this long (event time) after their last event. */
  readonly retentionMs?: number;
  /** Traffic candidates below this confidence do not become incidents. */
  readonly candidateMinConfidence?: number;
  readonly source?: string;
}

/**
 * The emergencies pipeline. Each input topic is partitioned by its own key, so each partition
 * owns one kind of entity: incident events (keyed by incident) drive the lifecycle and the
 * incident rows; unit status reports (keyed by unit) the unit rows; dispatch commands and unit
 * reports about an incident become response steps; traffic candidates are re-emitted as
 * reported incidents to emergency_incident_data, where the lifecycle takes them up.
 */
export function createEmergenciesStage(
  options: EmergenciesStageOptions = {},
): DomainStage<EmergenciesState> {
  const retentionMs = options.retentionMs ?? 6 * 3_600_000;
  const candidates = {
    minConfidence: options.candidateMinConfidence ?? 0.5,
    source: options.source ?? 'processor-emergencies',
  };
  return {
    domain: 'emergencies',
    topics: [
      'emergency_incident_data',
      'emergency_unit_status',
      'dispatch_commands',
      'incident_candidates',
    ],
    // incidents before incident_events: the events reference the incident row.
    tables: [
      INCIDENTS_TABLE,
      INCIDENT_EVENTS_TABLE,
      EMERGENCY_UNITS_TABLE,
      INCIDENT_RESPONSE_STEPS_TABLE,
    ],
    createState: newEmergenciesState,
    apply(input: InputEvent, state: EmergenciesState, ctx: StageContext): Writes {
      const w = emptyWrites();
      switch (input.topic) {
        case 'emergency_incident_data':
          applyIncident(input, state, w, retentionMs, ctx.watermark);
          break;
        case 'emergency_unit_status':
          applyUnitStatus(input, state, w);
          break;
        case 'dispatch_commands':
          applyDispatch(input, w);
          break;
        case 'incident_candidates': {
          const event = incidentFromCandidate(input.event as IncidentCandidate, candidates);
          if (event) w.emits.push({ topic: 'emergency_incident_data', event });
          else w.counters.low_confidence_candidates = 1;
          break;
        }
        default:
          break;
      }
      return w;
    },
    flush(state: EmergenciesState, ctx: StageContext): Writes {
      if (Number.isFinite(ctx.watermark)) pruneIncidents(state, ctx.watermark, retentionMs);
      return emptyWrites();
    },
    snapshot: snapshotEmergencies,
    restore: restoreEmergencies,
    rebuild: createEmergenciesRebuild(retentionMs),
  };
}
