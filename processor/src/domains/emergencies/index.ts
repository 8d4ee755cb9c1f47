export { createEmergenciesStage, type EmergenciesStageOptions } from './emergencies-stage.js';
export type { EmergenciesState } from './emergencies-state.js';
export {
  EMERGENCY_UNITS_TABLE,
  INCIDENT_EVENTS_TABLE,
  INCIDENT_RESPONSE_STEPS_TABLE,
  INCIDENTS_TABLE,
} from './emergencies-tables.js';
export { emergencyKeys } from './emergencies-keys.js';
export { judgeSeverity, SEVERITY_RULES, type Severity } from './severity.js';
export { responseIntervals } from './incident-lifecycle.js';
