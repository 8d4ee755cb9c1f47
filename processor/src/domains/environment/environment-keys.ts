/** Redis hot-state keys of the environment pipeline (relative: the sink adds REDIS_KEY_PREFIX). */
export const environmentKeys = {
  /** Hash: latest reading, AQI, category, dominant pollutant and noise category (TTL). */
  airQuality: (stationId: string) => `env:aq:${stationId}`,
  airQualityGeo: 'env:aq:geo',
  /** Hash: latest weather observation (TTL). */
  weather: (stationId: string) => `env:weather:${stationId}`,
  weatherGeo: 'env:weather:geo',
  /** Set of active health alert ids. */
  activeAlerts: 'env:alerts:active',
  /** Hash: one health alert (no TTL while active; kept a day after it clears). */
  alert: (alertId: string) => `env:alert:${alertId}`,
} as const;
