import type { SegmentObservation, TrafficCameraEvent } from '@city/contracts';
import { deriveEventId } from '../../pipeline/derive-event-id.js';

/**
 * A camera interval becomes one segment observation per approach, produced to
 * segment_observations so that it is keyed (and partitioned) by segment like the map-matched GPS
 * fixes: each segment's windows then see every source in one partition's state. The eventId is
 * derived from the camera event and the segment, so a re-processed camera event re-emits the same
 * observations.
 */
export function cameraObservations(
  camera: TrafficCameraEvent,
  source: string,
): SegmentObservation[] {
  return camera.approaches.map((a) => ({
    schemaVersion: 1,
    eventId: deriveEventId('segment_observations', camera.eventId, a.segmentId),
    timestamp: camera.timestamp,
    source,
    segmentId: a.segmentId,
    kind: 'camera',
    vehicleId: null,
    speedKmh: a.meanSpeedKmh,
    vehicleCount: a.vehicleCount,
    intervalSeconds: camera.intervalSeconds,
    occupancyPct: a.occupancyPct,
    sourceEventId: camera.eventId,
  }));
}
