import {
  type IncidentCandidate,
  validateEvent,
  type SegmentObservation,
  type TrafficCameraEvent,
} from '@city/contracts';
import { describe, expect, it } from 'vitest';
import { tinyNetwork } from '../../../tests/domains/tiny-network.js';
import type { InputEvent, StageContext, Writes } from '../../pipeline/types.js';
import { deriveEventId } from '../../pipeline/derive-event-id.js';
import { createTrafficStage } from './traffic-stage.js';
import type { TrafficState } from './traffic-state.js';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();
let seq = 0;

function gps(segmentId: number, t: number, speedKmh: number, vehicleId = 'veh-1'): InputEvent {
  const event: SegmentObservation = {
    schemaVersion: 1,
    eventId: deriveEventId('test', ++seq),
    timestamp: iso(t),
    source: 'test',
    segmentId,
    kind: 'gps',
    vehicleId,
    speedKmh,
    vehicleCount: 1,
    intervalSeconds: 0,
    occupancyPct: null,
    sourceEventId: deriveEventId('src', seq),
  };
  return {
    topic: 'segment_observations',
    event,
    partition: 2,
    offset: String(seq),
    produceTime: t,
  };
}

function cameraObs(
  segmentId: number,
  end: number,
  count: number,
  speed: number | null,
): InputEvent {
  const event: SegmentObservation = {
    ...(gps(segmentId, end, 0).event as SegmentObservation),
    kind: 'camera',
    vehicleId: null,
    speedKmh: speed,
    vehicleCount: count,
    intervalSeconds: 60,
    occupancyPct: 12.5,
  };
  return {
    topic: 'segment_observations',
    event,
    partition: 2,
    offset: String(seq),
    produceTime: end,
  };
}

const ctx = (watermark: number): StageContext => ({ now: watermark + 30_000, watermark });

function setup(
  opts: Parameters<typeof createTrafficStage>[0] extends infer O ? Partial<O> : never = {},
) {
  const stage = createTrafficStage({ graph: { network: tinyNetwork() }, ...opts });
  const state = stage.createState();
  const out: Writes[] = [];
  return {
    stage,
    state,
    feed(...inputs: InputEvent[]) {
      for (const i of inputs) out.push(stage.apply(i, state, ctx(0)));
    },
    flush(watermark: number) {
      const w = stage.flush!(state, ctx(watermark));
      out.push(w);
      return w;
    },
    all: out,
  };
}

const rows = (w: Writes, seconds?: number) =>
  w.durable
    .filter((d) => d.table === 'traffic_windows')
    .map((d) => d.row as Record<string, unknown>)
    .filter((r) => seconds === undefined || r.window_seconds === seconds);

describe('traffic stage: windows', () => {
  it('emits nothing until the watermark passes a window end', () => {
    const t = setup();
    t.feed(gps(0, T0 + 10_000, 30));
    expect(rows(t.flush(T0 + 59_000))).toEqual([]);
    const w = t.flush(T0 + MIN);
    expect(rows(w, 60)).toHaveLength(1);
  });

  it('computes mean speed, volume, ratio, LOS and TTI for 1-minute windows', () => {
    const t = setup();
    // Segment 0: free flow 40.2 km/h (SF default). Two vehicles, mean 20.1 km/h -> 50 % -> D.
    t.feed(
      gps(0, T0 + 1_000, 10, 'a'),
      gps(0, T0 + 20_000, 30.2, 'a'),
      gps(0, T0 + 40_000, 20.1, 'b'),
    );
    const [row] = rows(t.flush(T0 + MIN), 60);
    expect(row).toMatchObject({
      segment_id: 0,
      window_start: iso(T0),
      window_end: iso(T0 + MIN),
      window_seconds: 60,
      mean_speed_kmh: 20.1,
      free_flow_kmh: 40.2,
      speed_ratio: 0.5,
      los: 'D',
      travel_time_index: 2,
      volume: 2,
      flow_per_hour: 120,
      speed_samples: 3,
      probe_vehicles: 2,
      camera_vehicles: 0,
      occupancy_pct: null,
    });
  });

  it('weights camera mean speeds by the vehicles counted and takes camera counts as volume', () => {
    const t = setup();
    // Segment 1: posted 50 km/h. One probe at 50, a camera 9 vehicles at 40 -> (50 + 360) / 10 = 41.
    t.feed(gps(1, T0 + 5_000, 50, 'p'), cameraObs(1, T0 + MIN, 9, 40));
    const [row] = rows(t.flush(T0 + MIN), 60);
    expect(row).toMatchObject({
      mean_speed_kmh: 41,
      speed_ratio: 0.82,
      los: 'B',
      volume: 9,
      camera_vehicles: 9,
      probe_vehicles: 1,
      speed_samples: 10,
      occupancy_pct: 12.5,
    });
  });

  it('hops 5-minute windows by one minute over the same minute buckets', () => {
    const t = setup();
    for (let m = 0; m < 6; m++) t.feed(gps(2, T0 + m * MIN + 1_000, 10 * (m + 1), `v${m}`));
    const w = t.flush(T0 + 6 * MIN);
    const five = rows(w, 300);
    // Windows ending at 1..6 minutes that contain data: starts -4..+1 minutes.
    expect(five.map((r) => r.window_start)).toEqual(
      [-4, -3, -2, -1, 0, 1].map((m) => iso(T0 + m * MIN)),
    );
    expect(five.at(-2)).toMatchObject({ mean_speed_kmh: 30, volume: 5 }); // minutes 0..4
    expect(five.at(-1)).toMatchObject({ mean_speed_kmh: 40, volume: 5 }); // minutes 1..5
    expect(rows(w, 60)).toHaveLength(6);
  });

  it('counts a vehicle once per window however many fixes it sends', () => {
    const t = setup();
    for (let s = 0; s < 60; s += 5) t.feed(gps(0, T0 + s * 1000, 30, 'same'));
    const [row] = rows(t.flush(T0 + MIN), 60);
    expect(row).toMatchObject({ volume: 1, speed_samples: 12 });
  });

  it('includes out-of-order events whose window is still open and counts later ones as late', () => {
    const t = setup();
    t.feed(gps(0, T0 + 50_000, 30, 'a'), gps(0, T0 + 70_000, 30, 'b'));
    t.feed(gps(0, T0 + 10_000, 10, 'c')); // out of order, but minute 0 is not closed yet
    const first = rows(t.flush(T0 + MIN), 60);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ mean_speed_kmh: 20, volume: 2 });

    const late = t.stage.apply(gps(0, T0 + 30_000, 100, 'd'), t.state, ctx(T0 + MIN));
    expect(late.counters.window_late_events).toBe(1);
    const second = rows(t.flush(T0 + 2 * MIN), 60);
    expect(second.map((r) => r.window_start)).toEqual([iso(T0 + MIN)]);
    expect(second[0]).toMatchObject({ mean_speed_kmh: 30, volume: 1 });
  });

  it('attributes a camera interval to the minute it covers (timestamp is its end)', () => {
    const t = setup();
    t.feed(cameraObs(1, T0 + MIN, 5, 30));
    const one = rows(t.flush(T0 + 2 * MIN), 60);
    expect(one.map((r) => r.window_start)).toEqual([iso(T0)]);
  });

  it('keeps speed null (no LOS) when a camera counted no vehicle', () => {
    const t = setup();
    t.feed(cameraObs(1, T0 + MIN, 0, null));
    const [row] = rows(t.flush(T0 + MIN), 60);
    expect(row).toMatchObject({
      volume: 0,
      mean_speed_kmh: null,
      los: null,
      travel_time_index: null,
    });
  });

  it('ignores observations of segments that are not in the road graph', () => {
    const t = setup();
    const w = t.stage.apply(gps(99, T0, 30), t.state, ctx(0));
    expect(w.counters.unknown_segment).toBe(1);
    expect(rows(t.flush(T0 + 10 * MIN))).toEqual([]);
  });

  it('rejects window lengths that are not whole minutes', () => {
    expect(() => createTrafficStage({ graph: { network: tinyNetwork() }, windows: [90] })).toThrow(
      RangeError,
    );
  });
});

describe('traffic stage: hot state, congestion, KPIs, change feed', () => {
  it('writes the segment hash with both windows and a RoadSegment change', () => {
    const t = setup();
    t.feed(gps(0, T0 + 1_000, 40.2, 'a'));
    const w = t.flush(T0 + MIN);
    const hset = w.hot.find((h) => h.op === 'hset' && h.key === 'traffic:segment:0');
    expect(hset).toMatchObject({
      ttlSeconds: 900,
      fields: { meanSpeedKmh1m: 40.2, los1m: 'A', meanSpeedKmh5m: 40.2, los: 'A', congested: 0 },
    });
    const change = w.changes.find((c) => c.entity === 'RoadSegment');
    expect(change).toMatchObject({ domain: 'traffic', id: '0', produceTime: T0 + 1_000 });
    expect(change?.fields).toContain('los');
  });

  it('adds a congested segment to the sorted set and removes it when it recovers or goes quiet', () => {
    const t = setup();
    t.feed(gps(0, T0 + 1_000, 8, 'a')); // 20 % of 40.2 -> F
    const w1 = t.flush(T0 + MIN);
    expect(w1.hot).toContainEqual({
      op: 'zadd',
      key: 'traffic:congested',
      member: '0',
      score: 5.025,
    });

    t.feed(gps(0, T0 + MIN + 1_000, 100, 'a')); // 5-min mean (8 + 100) / 2 = 54 -> A
    const w2 = t.flush(T0 + 2 * MIN);
    expect(w2.hot).toContainEqual({ op: 'zrem', key: 'traffic:congested', member: '0' });

    const t2 = setup();
    t2.feed(gps(0, T0 + 1_000, 8, 'a'));
    t2.flush(T0 + MIN);
    const quiet = t2.flush(T0 + 10 * MIN);
    expect(quiet.hot).toContainEqual({ op: 'zrem', key: 'traffic:congested', member: '0' });
  });

  it('writes the partition share of the city KPIs from the newest 1-minute windows', () => {
    const t = setup();
    t.feed(gps(0, T0 + 1_000, 10, 'a'), gps(1, T0 + 2_000, 30, 'b'), gps(1, T0 + 3_000, 50, 'c'));
    const w = t.flush(T0 + MIN);
    const kpi = w.hot.find((h) => h.op === 'hset' && h.key === 'traffic:kpi:partition:2');
    expect(kpi).toMatchObject({
      fields: {
        speedSumKmh: 90,
        speedSamples: 3,
        averageSpeedKmh: 30,
        segmentsObserved: 2,
        congestedSegments: 1,
        windowEnd: iso(T0 + MIN),
      },
    });
    expect(w.changes.some((c) => c.entity === 'CityTrafficKpi')).toBe(true);
  });

  it('writes the same KPI share durably, one row per closed minute and partition', () => {
    const t = setup();
    t.feed(gps(0, T0 + 1_000, 10, 'a'), gps(1, T0 + 2_000, 30, 'b'), gps(1, T0 + 3_000, 50, 'c'));
    const kpiRows = (w: Writes) =>
      w.durable.filter((d) => d.table === 'traffic_kpi_minutes').map((d) => d.row);
    expect(kpiRows(t.flush(T0 + MIN))).toEqual([
      {
        minute: iso(T0 + MIN),
        partition: 2,
        speed_sum_kmh: 90,
        speed_samples: 3,
        segments_observed: 2,
        congested_segments: 1,
      },
    ]);
    // The same minute is not written again; the next one is, with nothing observed in it.
    expect(kpiRows(t.flush(T0 + MIN + 30_000))).toEqual([]);
    expect(kpiRows(t.flush(T0 + 2 * MIN))).toEqual([
      expect.objectContaining({ minute: iso(T0 + 2 * MIN), segments_observed: 0 }),
    ]);
    expect(t.stage.tables.map((s) => s.table)).toContain('traffic_kpi_minutes');
  });
});

describe('traffic stage: cameras', () => {
  const camera: TrafficCameraEvent = {
    schemaVersion: 1,
    eventId: '6f1d2c1e-8a3b-4c5d-9e7f-0a1b2c3d4e5f',
    timestamp: iso(T0 + MIN),
    source: 'simulator',
    cameraId: 'cam-17',
    nodeId: 1,
    latitude: 37.7757,
    longitude: -122.4184,
    intervalSeconds: 60,
    approaches: [
      { segmentId: 0, bearingDeg: 45, vehicleCount: 7, meanSpeedKmh: 22.5, occupancyPct: 10 },
      { segmentId: 1, bearingDeg: 225, vehicleCount: 0, meanSpeedKmh: null, occupancyPct: 0 },
    ],
    snapshotRef: 's3://snapshots/cam-17/latest.jpg',
  };

  it('re-keys each approach as a valid segment observation with a stable eventId', () => {
    const t = setup();
    const input: InputEvent = {
      topic: 'traffic_camera_data',
      event: camera,
      partition: 0,
      offset: '5',
      produceTime: T0,
    };
    const w = t.stage.apply(input, t.state, ctx(0));
    const again = t.stage.apply(input, t.state, ctx(0));
    expect(w.emits).toHaveLength(2);
    for (const e of w.emits) {
      expect(e.topic).toBe('segment_observations');
      expect(validateEvent('segment_observations', e.event)).toEqual({ ok: true, value: e.event });
    }
    expect(w.emits[0]!.event).toMatchObject({
      segmentId: 0,
      kind: 'camera',
      vehicleCount: 7,
      speedKmh: 22.5,
    });
    expect(again.emits.map((e) => e.event.eventId)).toEqual(w.emits.map((e) => e.event.eventId));
    expect(w.hot).toContainEqual(
      expect.objectContaining({ op: 'hset', key: 'traffic:camera:cam-17' }),
    );
    expect(w.hot).toContainEqual(expect.objectContaining({ op: 'geoadd', member: 'cam-17' }));
  });
});

describe('traffic stage: incident candidates', () => {
  const steady = (
    t: ReturnType<typeof setup>,
    segment: number,
    fromMin: number,
    toMin: number,
    speed: number,
  ) => {
    for (let m = fromMin; m < toMin; m++) {
      for (let s = 0; s < 4; s++) t.feed(gps(segment, T0 + m * MIN + s * 10_000, speed, `v${s}`));
    }
  };
  const candidates = (ws: Writes[]) =>
    ws.flatMap((w) => w.emits).filter((e) => e.topic === 'incident_candidates');

  it('emits one valid candidate per episode with a stable id after two low windows', () => {
    const t = setup();
    steady(t, 1, 0, 6, 45);
    t.flush(T0 + 6 * MIN);
    steady(t, 1, 6, 7, 10);
    expect(candidates([t.flush(T0 + 7 * MIN)])).toEqual([]); // one low window is not enough
    steady(t, 1, 7, 12, 10);
    for (let m = 8; m <= 12; m++) t.flush(T0 + m * MIN);
    const found = candidates(t.all);
    expect(found).toHaveLength(1);
    const event = found[0]!.event as IncidentCandidate;
    expect(validateEvent('incident_candidates', event).ok).toBe(true);
    expect(event).toMatchObject({
      candidateId: `tc-1-${(T0 + 6 * MIN) / 1000}`,
      segmentId: 1,
      baselineSpeedKmh: 45,
      currentSpeedKmh: 10,
      timestamp: iso(T0 + 8 * MIN),
      eventId: deriveEventId('incident_candidates', `tc-1-${(T0 + 6 * MIN) / 1000}`),
    });
    expect(event.speedDropPct).toBeCloseTo(77.8, 1);
    expect(event.confidence).toBeGreaterThan(0.5);
  });

  it('raises a new candidate only after the speed recovered', () => {
    const t = setup();
    steady(t, 1, 0, 6, 45);
    steady(t, 1, 6, 8, 10);
    steady(t, 1, 8, 10, 44);
    steady(t, 1, 10, 12, 8);
    for (let m = 1; m <= 12; m++) t.flush(T0 + m * MIN);
    expect(candidates(t.all).map((c) => (c.event as { candidateId: string }).candidateId)).toEqual([
      `tc-1-${(T0 + 6 * MIN) / 1000}`,
      `tc-1-${(T0 + 10 * MIN) / 1000}`,
    ]);
  });

  it('needs enough samples and a baseline: slow but sparse or new segments raise nothing', () => {
    const t = setup();
    steady(t, 0, 0, 3, 40); // only 3 baseline windows
    steady(t, 0, 3, 6, 5);
    for (let m = 1; m <= 6; m++) t.flush(T0 + m * MIN);
    expect(candidates(t.all)).toEqual([]);
  });
});

describe('traffic stage: checkpoint', () => {
  it('restores from a JSON snapshot and continues exactly as without the restart', () => {
    const run = (restartAt: number | null) => {
      const t = setup();
      let state: TrafficState = t.state;
      const out: Writes[] = [];
      for (let m = 0; m < 12; m++) {
        for (let s = 0; s < 4; s++) {
          out.push(
            t.stage.apply(
              gps(1, T0 + m * MIN + s * 10_000, m < 6 ? 45 : 10, `v${s}`),
              state,
              ctx(0),
            ),
          );
        }
        out.push(t.stage.flush!(state, ctx(T0 + m * MIN)));
        if (m === restartAt)
          state = t.stage.restore(JSON.parse(JSON.stringify(t.stage.snapshot(state))));
      }
      return out.map((w) => ({ ...w, changes: w.changes.map((c) => ({ ...c })) }));
    };
    seq = 0;
    const straight = run(null);
    seq = 0;
    const restarted = run(7);
    expect(restarted).toEqual(straight);
  });
});
