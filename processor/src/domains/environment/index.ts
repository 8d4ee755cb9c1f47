export { createEnvironmentStage, type EnvironmentStageOptions } from './environment-stage.js';
export type { EnvironmentState } from './environment-state.js';
export {
  AIR_QUALITY_HOURLY_TABLE,
  HEALTH_ALERTS_TABLE,
  WEATHER_HOURLY_TABLE,
} from './environment-tables.js';
export { environmentKeys } from './environment-keys.js';
export * from './aqi.js';
export { pmNowCast } from './nowcast.js';
export { noiseCategory, type NoiseCategory } from './noise.js';
