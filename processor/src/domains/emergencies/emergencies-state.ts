import { ValidationError } from '@city/errors';
import type { IncidentState, IncidentStatus } from './incident-lifecycle.js';

export interface UnitState {
  status: string;
  incidentId: string | null;
  /** Event time of the newest status applied (ms). */
  lastStatusAt: number;
}

/** State of one emergencies input partition (only the map of its topic is used). */
export interface EmergenciesState {
  readonly incidents: Map<string, IncidentState>;
  readonly units: Map<string, UnitState>;
  /**
   * Unit steps (earliest time per status) for incidents this partition has not seen yet: applied
   * when the incident's first own event arrives (the steps come from other partitions, in no order
   * relative to it).
   */
  readonly pendingSteps: Map<string, Partial<Record<IncidentStatus, number>>>;
}

export function newEmergenciesState(): EmergenciesState {
  return { incidents: new Map(), units: new Map(), pendingSteps: new Map() };
}

export function snapshotEmergencies(state: EmergenciesState) {
  return {
    v: 1,
    incidents: [...state.incidents.values()],
    units: [...state.units],
    pendingSteps: [...state.pendingSteps],
  };
}

export function restoreEmergencies(snapshot: unknown): EmergenciesState {
  if (snapshot === null || snapshot === undefined) return newEmergenciesState();
  const s = snapshot as ReturnType<typeof snapshotEmergencies>;
  if (s.v !== 1) {
    throw new ValidationError('emergencies state snapshot', [
      { path: '/v', message: 'unknown version' },
    ]);
  }
  return {
    incidents: new Map(s.incidents.map((i) => [i.id, { ...i, steps: { ...i.steps } }])),
    units: new Map(s.units.map(([id, u]) => [id, { ...u }])),
    pendingSteps: new Map(
      ((s as Partial<typeof s>).pendingSteps ?? []).map(([id, steps]) => [id, { ...steps }]),
    ),
  };
}
