import {
  isCongested,
  levelOfService,
  travelTimeIndex,
  type LevelOfService,
} from './level-of-service.js';
import { MINUTE_MS, type SegmentBucket } from './segment-bucket.js';

/** Aggregates of one segment over one window [start, start + seconds). */
export interface WindowAggregate {
  readonly segmentId: number;
  readonly start: number;
  readonly seconds: number;
  /** Space-mean speed in km/h, null when nothing reported a speed. */
  readonly meanSpeedKmh: number | null;
  readonly freeFlowKmh: number;
  /** Mean speed / free-flow speed. */
  readonly speedRatio: number | null;
  readonly los: LevelOfService | null;
  readonly travelTimeIndex: number | null;
  /** Vehicles: camera counts, or distinct probe vehicles where they are more (a lower bound). */
  readonly volume: number;
  /** Volume as an hourly flow rate. */
  readonly flowPerHour: number;
  /** Speed weight: GPS fixes plus camera-counted vehicles with a speed. */
  readonly speedSamples: number;
  readonly probeVehicles: number;
  readonly cameraVehicles: number;
  readonly occupancyPct: number | null;
  readonly congested: boolean;
}

const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** Combines the minute buckets that fall inside [start, start + seconds). */
export function aggregateWindow(
  segmentId: number,
  start: number,
  seconds: number,
  freeFlowKmh: number,
  buckets: Iterable<SegmentBucket>,
): WindowAggregate | null {
  const end = start + seconds * 1000;
  let speedSum = 0;
  let speedWeight = 0;
  let cameraVehicles = 0;
  let occupancySum = 0;
  let occupancyCount = 0;
  let any = false;
  const probes = new Set<string>();
  for (const b of buckets) {
    if (b.start < start || b.start + MINUTE_MS > end) continue;
    any = true;
    speedSum += b.speedSum;
    speedWeight += b.speedWeight;
    cameraVehicles += b.cameraVehicles;
    occupancySum += b.occupancySum;
    occupancyCount += b.occupancyCount;
    for (const p of b.probes) probes.add(p);
  }
  if (!any) return null;
  const meanSpeedKmh = speedWeight > 0 ? speedSum / speedWeight : null;
  const speedRatio = meanSpeedKmh === null ? null : meanSpeedKmh / freeFlowKmh;
  const los = speedRatio === null ? null : levelOfService(speedRatio * 100);
  const volume = Math.max(cameraVehicles, probes.size);
  return {
    segmentId,
    start,
    seconds,
    meanSpeedKmh: meanSpeedKmh === null ? null : round(meanSpeedKmh, 2),
    freeFlowKmh,
    speedRatio: speedRatio === null ? null : round(speedRatio, 4),
    los,
    travelTimeIndex:
      meanSpeedKmh === null ? null : round(travelTimeIndex(meanSpeedKmh, freeFlowKmh), 3),
    volume,
    flowPerHour: round((volume * 3600) / seconds, 1),
    speedSamples: speedWeight,
    probeVehicles: probes.size,
    cameraVehicles,
    occupancyPct: occupancyCount > 0 ? round(occupancySum / occupancyCount, 2) : null,
    congested: los !== null && isCongested(los),
  };
}
