import type { IncidentCandidate, SegmentObservation, TrafficCameraEvent } from '@city/contracts';
import { pointAlongSegment, speedLimitKmh, type RoadNetwork } from '@city/roadgraph';
import { deriveEventId } from '../../pipeline/derive-event-id.js';
import {
  emptyWrites,
  type DomainStage,
  type InputEvent,
  type StageContext,
  type Writes,
} from '../../pipeline/types.js';
import { cameraObservations } from './camera-observations.js';
import {
  DEFAULT_INCIDENT_DETECTOR,
  expireEpisode,
  observeWindow,
  type IncidentDetectorOptions,
} from './incident-detector.js';
import { MINUTE_MS, addObservation, newBucket, observationTime } from './segment-bucket.js';
import { createTrafficRebuild } from './traffic-rebuild.js';
import { trafficKeys } from './traffic-keys.js';
import {
  newTrafficState,
  restoreTraffic,
  segmentState,
  snapshotTraffic,
  type SegmentState,
  type TrafficState,
} from './traffic-state.js';
import {
  TRAFFIC_KPI_MINUTES_TABLE,
  TRAFFIC_WINDOWS_TABLE,
  trafficWindowRow,
} from './traffic-tables.js';
import { aggregateWindow, type WindowAggregate } from './window-aggregate.js';

export interface TrafficStageOptions {
  /** The road network (a RoadGraph has one): free-flow speeds and segment midpoints. */
  readonly graph: { readonly network: RoadNetwork };
  /** Window lengths in seconds, whole minutes; each hops by one minute. Default 1 and 5 minutes. */
  readonly windows?: readonly number[];
  readonly incident?: Partial<IncidentDetectorOptions>;
  /** TTL of per-segment and per-camera hot state. */
  readonly hotTtlSeconds?: number;
  /** A segment's baseline is forgotten after this long without observations. */
  readonly forgetAfterMs?: number;
  /** `source` of the events this stage produces. */
  readonly source?: string;
}

const inc = (w: Writes, name: string, by = 1) => {
  w.counters[name] = (w.counters[name] ?? 0) + by;
};

/**
 * The traffic pipeline: camera intervals are re-keyed by segment (emitted to
 * segment_observations); segment observations fill per-segment minute buckets from which hopping
 * 1- and 5-minute windows are computed once the watermark passes their end.
 */
export function createTrafficStage(options: TrafficStageOptions): DomainStage<TrafficState> {
  const { network } = options.graph;
  const windowMinutes = [...(options.windows ?? [60, 300])]
    .map((s) => {
      if (!Number.isInteger(s / 60) || s <= 0)
        throw new RangeError(`window ${s}s is not whole minutes`);
      return s / 60;
    })
    .sort((a, b) => a - b);
  const shortest = windowMinutes[0]!;
  const longest = windowMinutes[windowMinutes.length - 1]!;
  const detector = { ...DEFAULT_INCIDENT_DETECTOR, ...options.incident };
  const ttl = options.hotTtlSeconds ?? 900;
  const forgetAfterMs = options.forgetAfterMs ?? 30 * MINUTE_MS;
  const source = options.source ?? 'processor-traffic';

  function applyCamera(input: InputEvent, w: Writes): void {
    const camera = input.event as TrafficCameraEvent;
    for (const obs of cameraObservations(camera, source)) {
      w.emits.push({ topic: 'segment_observations', event: obs });
    }
    const vehicles = camera.approaches.reduce((n, a) => n + a.vehicleCount, 0);
    const fields = {
      nodeId: camera.nodeId,
      latitude: camera.latitude,
      longitude: camera.longitude,
      timestamp: camera.timestamp,
      intervalSeconds: camera.intervalSeconds,
      vehicleCount: vehicles,
      approaches: camera.approaches.length,
      snapshotRef: camera.snapshotRef,
    };
    w.hot.push({ op: 'hset', key: trafficKeys.camera(camera.cameraId), fields, ttlSeconds: ttl });
    w.hot.push({
      op: 'geoadd',
      key: trafficKeys.cameraGeo,
      member: camera.cameraId,
      longitude: camera.longitude,
      latitude: camera.latitude,
    });
    w.changes.push({
      domain: 'traffic',
      entity: 'TrafficCamera',
      id: camera.cameraId,
      fields: Object.keys(fields),
      data: fields,
      produceTime: input.produceTime,
    });
    inc(w, 'camera_observations', camera.approaches.length);
  }

  function applyObservation(input: InputEvent, state: TrafficState, w: Writes): void {
    const obs = input.event as SegmentObservation;
    if (network.segments[obs.segmentId] === undefined) {
      inc(w, 'unknown_segment');
      return;
    }
    const start = Math.floor(observationTime(obs) / MINUTE_MS) * MINUTE_MS;
    if (start + MINUTE_MS <= state.closedThrough) {
      // Its window was already emitted: the batch layer keeps the event, the windows do not.
      inc(w, 'window_late_events');
      return;
    }
    const seg = segmentState(state, obs.segmentId);
    let bucket = seg.buckets.get(start);
    if (!bucket) {
      bucket = newBucket(start);
      seg.buckets.set(start, bucket);
    }
    addObservation(bucket, obs);
    seg.produceTime = Math.max(seg.produceTime, input.produceTime);
    seg.lastDataAt = Math.max(seg.lastDataAt, start);
  }

  function candidate(
    segmentId: number,
    end: number,
    d: NonNullable<ReturnType<typeof observeWindow>>,
  ): IncidentCandidate {
    const s = network.segments[segmentId]!;
    const mid = pointAlongSegment(s, s.lengthM / 2);
    return {
      schemaVersion: 1,
      eventId: deriveEventId('incident_candidates', d.candidateId),
      timestamp: new Date(end).toISOString(),
      source,
      candidateId: d.candidateId,
      segmentId,
      latitude: mid.lat,
      longitude: mid.lon,
      baselineSpeedKmh: d.baselineKmh,
      currentSpeedKmh: d.currentKmh,
      speedDropPct: d.dropPct,
      confidence: d.confidence,
    };
  }

  interface Kpi {
    speedSum: number;
    samples: number;
    segments: number;
  }

  /** Emits the windows of one segment that end in (from, to]; returns whether any closed. */
  function closeSegment(
    segmentId: number,
    seg: SegmentState,
    from: number,
    to: number,
    w: Writes,
    kpi: Kpi,
  ): void {
    const freeFlow = speedLimitKmh(network.segments[segmentId]!);
    const ends = new Map<number, Set<number>>(); // end -> window lengths in minutes
    for (const b of seg.buckets.values()) {
      for (const m of windowMinutes) {
        for (let k = 1; k <= m; k++) {
          const end = b.start + k * MINUTE_MS;
          if (end <= from || end > to) continue;
          let lengths = ends.get(end);
          if (!lengths) ends.set(end, (lengths = new Set()));
          lengths.add(m);
        }
      }
    }
    const latest = new Map<number, WindowAggregate>();
    for (const end of [...ends.keys()].sort((a, b) => a - b)) {
      for (const m of [...ends.get(end)!].sort((a, b) => a - b)) {
        const start = end - m * MINUTE_MS;
        const agg = aggregateWindow(segmentId, start, m * 60, freeFlow, seg.buckets.values());
        if (!agg) continue;
        w.durable.push({ table: TRAFFIC_WINDOWS_TABLE.table, row: trafficWindowRow(agg) });
        latest.set(m, agg);
        if (m !== shortest) continue;
        if (end === to && agg.meanSpeedKmh !== null) {
          kpi.speedSum += agg.meanSpeedKmh * agg.speedSamples;
          kpi.samples += agg.speedSamples;
          kpi.segments += 1;
        }
        const detection = observeWindow(seg.detector, segmentId, { ...agg, end }, detector);
        if (detection) {
          w.emits.push({
            topic: 'incident_candidates',
            event: candidate(segmentId, end, detection),
          });
          inc(w, 'incident_candidates');
        }
      }
    }
    for (const [start] of seg.buckets) {
      if (start + longest * MINUTE_MS <= to) seg.buckets.delete(start);
    }
    if (latest.size > 0) writeSegment(segmentId, seg, latest, w);
    if (seg.buckets.size === 0 && seg.congested) {
      // No observation in the longest window: it is no longer known to be congested.
      seg.congested = false;
      w.hot.push({ op: 'zrem', key: trafficKeys.congested, member: String(segmentId) });
    }
  }

  function writeSegment(
    segmentId: number,
    seg: SegmentState,
    latest: Map<number, WindowAggregate>,
    w: Writes,
  ): void {
    const fields: Record<string, string | number> = {};
    for (const [m, agg] of latest) {
      const suffix = `${m}m`;
      fields[`windowEnd${suffix}`] = new Date(agg.start + agg.seconds * 1000).toISOString();
      fields[`volume${suffix}`] = agg.volume;
      fields[`flowPerHour${suffix}`] = agg.flowPerHour;
      if (agg.meanSpeedKmh !== null) fields[`meanSpeedKmh${suffix}`] = agg.meanSpeedKmh;
      if (agg.speedRatio !== null) fields[`speedRatio${suffix}`] = agg.speedRatio;
      if (agg.los !== null) fields[`los${suffix}`] = agg.los;
      if (agg.travelTimeIndex !== null) fields[`travelTimeIndex${suffix}`] = agg.travelTimeIndex;
      if (agg.occupancyPct !== null) fields[`occupancyPct${suffix}`] = agg.occupancyPct;
    }
    const long = latest.get(longest);
    fields.freeFlowKmh = (long ?? latest.values().next().value!).freeFlowKmh;
    if (long?.los != null) {
      fields.los = long.los;
      const congested = long.congested;
      if (congested) {
        w.hot.push({
          op: 'zadd',
          key: trafficKeys.congested,
          member: String(segmentId),
          score: long.travelTimeIndex ?? 0,
        });
      } else if (seg.congested) {
        w.hot.push({ op: 'zrem', key: trafficKeys.congested, member: String(segmentId) });
      }
      seg.congested = congested;
      fields.congested = congested ? 1 : 0;
    }
    w.hot.push({ op: 'hset', key: trafficKeys.segment(segmentId), fields, ttlSeconds: ttl });
    w.changes.push({
      domain: 'traffic',
      entity: 'RoadSegment',
      id: String(segmentId),
      fields: Object.keys(fields),
      data: fields,
      produceTime: seg.produceTime,
    });
  }

  return {
    domain: 'traffic',
    topics: ['segment_observations', 'traffic_camera_data'],
    tables: [TRAFFIC_WINDOWS_TABLE, TRAFFIC_KPI_MINUTES_TABLE],
    createState: newTrafficState,

    apply(input: InputEvent, state: TrafficState, _ctx: StageContext): Writes {
      const w = emptyWrites();
      if (input.topic === 'traffic_camera_data') applyCamera(input, w);
      else if (input.topic === 'segment_observations') {
        state.partition = input.partition;
        applyObservation(input, state, w);
      }
      return w;
    },

    flush(state: TrafficState, ctx: StageContext): Writes {
      const w = emptyWrites();
      const to = Math.floor(ctx.watermark / MINUTE_MS) * MINUTE_MS;
      if (!Number.isFinite(to) || to <= state.closedThrough) return w;
      const from = state.closedThrough;
      const kpi: Kpi = { speedSum: 0, samples: 0, segments: 0 };
      let congested = 0;
      let produceTime = 0;
      for (const [segmentId, seg] of state.segments) {
        if (seg.buckets.size > 0) closeSegment(segmentId, seg, from, to, w, kpi);
        if (seg.buckets.size === 0) {
          expireEpisode(seg.detector, to, detector.episodeTimeoutMs);
          if (seg.detector.episode === null && to - seg.lastDataAt >= forgetAfterMs) {
            state.segments.delete(segmentId);
            continue;
          }
        }
        if (seg.congested) congested += 1;
        produceTime = Math.max(produceTime, seg.produceTime);
      }
      state.closedThrough = to;
      if (state.partition !== null) {
        const fields = {
          speedSumKmh: Math.round(kpi.speedSum * 100) / 100,
          speedSamples: kpi.samples,
          averageSpeedKmh:
            kpi.samples > 0 ? Math.round((kpi.speedSum / kpi.samples) * 100) / 100 : 0,
          segmentsObserved: kpi.segments,
          congestedSegments: congested,
          windowEnd: new Date(to).toISOString(),
        };
        w.hot.push({
          op: 'hset',
          key: trafficKeys.kpiPartition(state.partition),
          fields,
          ttlSeconds: ttl,
        });
        w.durable.push({
          table: TRAFFIC_KPI_MINUTES_TABLE.table,
          row: {
            minute: fields.windowEnd,
            partition: state.partition,
            speed_sum_kmh: fields.speedSumKmh,
            speed_samples: fields.speedSamples,
            segments_observed: fields.segmentsObserved,
            congested_segments: fields.congestedSegments,
          },
        });
        w.changes.push({
          domain: 'traffic',
          entity: 'CityTrafficKpi',
          id: 'city',
          fields: ['averageSpeedKmh', 'congestedSegments'],
          produceTime,
        });
      }
      return w;
    },

    snapshot: snapshotTraffic,
    restore: restoreTraffic,
    rebuild: createTrafficRebuild(),
  };
}
