export {
  normalise,
  derivedFromLegacy,
  legacyAirQuality,
  LEGACY_DEFAULTS,
  LEGACY_SOURCE,
} from './normalise.js';
export { normaliseTimestamp, LEGACY_TIME_ZONE } from './legacy-time.js';
export { parseDirection, parseLocation, parseSpeedKmh } from './legacy-fields.js';
export { pm25ForAqi } from './legacy-air-quality.js';
