import { ValidationError } from '@city/errors';
import { newDetectorState, type DetectorState } from './incident-detector.js';
import {
  restoreBucket,
  serialiseBucket,
  type SegmentBucket,
  type SerialisedBucket,
} from './segment-bucket.js';

export interface SegmentState {
  /** Minute buckets by start (ms), kept until no open window needs them. */
  readonly buckets: Map<number, SegmentBucket>;
  readonly detector: DetectorState;
  /** Whether the segment is in the congested sorted set. */
  congested: boolean;
  /** Largest Kafka produce time of its observations (for the change feed's latency). */
  produceTime: number;
  /** Start of the newest minute with data. */
  lastDataAt: number;
}

/** Traffic state of one segment_observations (or traffic_camera_data) partition. */
export interface TrafficState {
  partition: number | null;
  /** End (ms) of the newest closed minute: windows ending at or before it were emitted. */
  closedThrough: number;
  readonly segments: Map<number, SegmentState>;
}

export function newTrafficState(): TrafficState {
  return { partition: null, closedThrough: 0, segments: new Map() };
}

export function segmentState(state: TrafficState, segmentId: number): SegmentState {
  let seg = state.segments.get(segmentId);
  if (!seg) {
    seg = {
      buckets: new Map(),
      detector: newDetectorState(),
      congested: false,
      produceTime: 0,
      lastDataAt: 0,
    };
    state.segments.set(segmentId, seg);
  }
  return seg;
}

interface SerialisedSegment {
  b: SerialisedBucket[];
  d: DetectorState;
  c: boolean;
  p: number;
  l: number;
}

interface SerialisedTraffic {
  v: 1;
  partition: number | null;
  closedThrough: number;
  segments: [number, SerialisedSegment][];
}

export function snapshotTraffic(state: TrafficState): SerialisedTraffic {
  return {
    v: 1,
    partition: state.partition,
    closedThrough: state.closedThrough,
    segments: [...state.segments].map(([id, s]) => [
      id,
      {
        b: [...s.buckets.values()].map(serialiseBucket),
        d: { ...s.detector },
        c: s.congested,
        p: s.produceTime,
        l: s.lastDataAt,
      },
    ]),
  };
}

export function restoreTraffic(snapshot: unknown): TrafficState {
  if (snapshot === null || snapshot === undefined) return newTrafficState();
  const s = snapshot as SerialisedTraffic;
  if (s.v !== 1) {
    throw new ValidationError('traffic state snapshot', [
      { path: '/v', message: 'unknown version' },
    ]);
  }
  return {
    partition: s.partition,
    closedThrough: s.closedThrough,
    segments: new Map(
      s.segments.map(([id, seg]) => [
        id,
        {
          buckets: new Map(seg.b.map((b) => [b.s, restoreBucket(b)])),
          detector: { ...seg.d },
          congested: seg.c,
          produceTime: seg.p,
          lastDataAt: seg.l,
        },
      ]),
    ),
  };
}
