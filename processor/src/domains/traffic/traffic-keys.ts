/** Redis hot-state keys of the traffic pipeline (relative: the sink adds REDIS_KEY_PREFIX). */
export const trafficKeys = {
  /** Hash: latest closed 1- and 5-minute window values of a segment (TTL). */
  segment: (segmentId: number) => `traffic:segment:${segmentId}`,
  /** Sorted set of congested segments (LOS E/F on the 5-minute window), score = travel time index. */
  congested: 'traffic:congested',
  /**
   * Hash per input partition of segment_observations: the partition's share of the city KPIs.
   * City average speed = Σ speedSumKmh / Σ speedSamples over partitions; congested segment count =
   * ZCARD traffic:congested.
   */
  kpiPartition: (partition: number) => `traffic:kpi:partition:${partition}`,
  /** Hash: latest interval of a traffic camera (TTL). */
  camera: (cameraId: string) => `traffic:camera:${cameraId}`,
  /** Geo set of cameras. */
  cameraGeo: 'traffic:cameras:geo',
} as const;
