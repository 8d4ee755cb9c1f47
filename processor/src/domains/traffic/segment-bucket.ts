import type { SegmentObservation } from '@city/contracts';

export const MINUTE_MS = 60_000;

/** Observations of one segment in one event-time minute: the unit 1- and 5-minute windows sum. */
export interface SegmentBucket {
  /** Minute start, ms since epoch. */
  readonly start: number;
  /** Σ speed × weight: weight 1 per GPS fix (speedSamples of a run), vehicleCount per camera interval. */
  speedSum: number;
  speedWeight: number;
  /** Vehicles counted by cameras. */
  cameraVehicles: number;
  occupancySum: number;
  occupancyCount: number;
  /** Distinct probe (GPS) vehicles. */
  readonly probes: Set<string>;
}

export function newBucket(start: number): SegmentBucket {
  return {
    start,
    speedSum: 0,
    speedWeight: 0,
    cameraVehicles: 0,
    occupancySum: 0,
    occupancyCount: 0,
    probes: new Set(),
  };
}

/**
 * Event time an observation counts at: a GPS fix at its timestamp; a camera interval (whose
 * timestamp is its end) at its midpoint, so an interval ending on a minute boundary counts in the
 * minute it covers.
 */
export function observationTime(obs: SegmentObservation): number {
  const t = Date.parse(obs.timestamp);
  return obs.kind === 'camera' ? t - (obs.intervalSeconds * 1000) / 2 : t;
}

export function addObservation(bucket: SegmentBucket, obs: SegmentObservation): void {
  if (obs.kind === 'gps') {
    if (obs.vehicleId !== null) bucket.probes.add(obs.vehicleId);
    if (obs.speedKmh !== null) {
      // A run of one vehicle's fixes weighs as those fixes one by one would.
      const fixes = obs.speedSamples ?? 1;
      bucket.speedSum += obs.speedKmh * fixes;
      bucket.speedWeight += fixes;
    }
    return;
  }
  bucket.cameraVehicles += obs.vehicleCount;
  if (obs.speedKmh !== null && obs.vehicleCount > 0) {
    bucket.speedSum += obs.speedKmh * obs.vehicleCount;
    bucket.speedWeight += obs.vehicleCount;
  }
  if (obs.occupancyPct !== null) {
    bucket.occupancySum += obs.occupancyPct;
    bucket.occupancyCount += 1;
  }
}

export interface SerialisedBucket {
  s: number;
  ss: number;
  sw: number;
  cv: number;
  os: number;
  oc: number;
  p: string[];
}

export function serialiseBucket(b: SegmentBucket): SerialisedBucket {
  return {
    s: b.start,
    ss: b.speedSum,
    sw: b.speedWeight,
    cv: b.cameraVehicles,
    os: b.occupancySum,
    oc: b.occupancyCount,
    p: [...b.probes],
  };
}

export function restoreBucket(b: SerialisedBucket): SegmentBucket {
  return {
    start: b.s,
    speedSum: b.ss,
    speedWeight: b.sw,
    cameraVehicles: b.cv,
    occupancySum: b.os,
    occupancyCount: b.oc,
    probes: new Set(b.p),
  };
}
