export { createTrafficStage, type TrafficStageOptions } from './traffic-stage.js';
export type { TrafficState } from './traffic-state.js';
export { TRAFFIC_WINDOWS_TABLE } from './traffic-tables.js';
export { trafficKeys } from './traffic-keys.js';
export { levelOfService, travelTimeIndex, type LevelOfService } from './level-of-service.js';
export { DEFAULT_INCIDENT_DETECTOR, type IncidentDetectorOptions } from './incident-detector.js';
