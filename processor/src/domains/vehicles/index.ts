export { createVehiclesStage, VEHICLE_KEYS } from './create-vehicles-stage.js';
export type { VehiclesStageOptions } from './create-vehicles-stage.js';
export { createMapMatcher } from './map-matcher.js';
export type { MapMatcher, SegmentMatchResult } from './map-matcher.js';
export { ZoneIndex, pointInZone, pointInRing } from './zone-index.js';
export type { Zone } from './zone-index.js';
export { loadNeighbourhoodZones, loadOperatorZones, neighbourhoodZoneId } from './load-zones.js';
export { VEHICLES_TABLES } from './vehicles-tables.js';
export type { VehiclesState } from './vehicles-state.js';
