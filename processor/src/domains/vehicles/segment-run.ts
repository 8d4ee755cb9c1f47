import type { SegmentObservation } from '@city/contracts';
import { deriveEventId } from '../../pipeline/derive-event-id.js';

const MINUTE_MS = 60_000;

/**
 * A vehicle's consecutive moving fixes on one road segment within one event-time minute, not yet
 * emitted: [segmentId, minute start (ms), Σ speed (km/h), fixes, newest fix time (ms), eventId of
 * the first fix]. A tuple because it is snapshotted with the vehicle on every batch.
 */
export type SegmentRun = [number, number, number, number, number, string];

/** A run still open once its newest fix is this much older than the partition's newest fix. */
export const RUN_IDLE_MS = 3_000;

export const minuteOf = (time: number) => Math.floor(time / MINUTE_MS) * MINUTE_MS;

/** Whether a fix on `segmentId` at `time` continues `run` (same segment, same minute). */
export function continuesRun(run: SegmentRun | undefined, segmentId: number, time: number) {
  return run !== undefined && run[0] === segmentId && run[1] === minuteOf(time);
}

export function startRun(segmentId: number, time: number, speedKmh: number, eventId: string) {
  return [segmentId, minuteOf(time), speedKmh, 1, time, eventId] satisfies SegmentRun;
}

export function extendRun(run: SegmentRun, time: number, speedKmh: number): void {
  run[2] += speedKmh;
  run[3] += 1;
  run[4] = time;
}

/**
 * The traffic observation of a closed run: one probe vehicle, the mean speed of its fixes with
 * their count as the weight, at the newest fix's time. Its id derives from the first fix's, as a
 * single fix's observation always did.
 */
export function runObservation(vehicleId: string, run: SegmentRun): SegmentObservation {
  const [segmentId, , speedSum, fixes, newest, firstEventId] = run;
  return {
    schemaVersion: 1,
    eventId: deriveEventId('segment_observations', firstEventId),
    timestamp: new Date(newest).toISOString(),
    source: 'processor',
    segmentId,
    kind: 'gps',
    vehicleId,
    speedKmh: speedSum / fixes,
    vehicleCount: 1,
    intervalSeconds: 0,
    occupancyPct: null,
    sourceEventId: firstEventId,
    speedSamples: fixes,
  };
}
