import {
  EXAMPLE_EVENTS,
  validateEvent,
  type GpsEvent,
  type SegmentObservation,
} from '@city/contracts';
import { DEFAULT_CITY_DATA_DIR } from '@city/roadgraph';
import { describe, expect, it } from 'vitest';
import { deriveEventId } from '../../pipeline/derive-event-id.js';
import type { InputEvent, Writes } from '../../pipeline/types.js';
import { createVehiclesStage, PARKED_AFTER_MS, VEHICLE_KEYS } from './create-vehicles-stage.js';
import { loadNeighbourhoodZones, neighbourhoodZoneId } from './load-zones.js';
import type { MapMatcher } from './map-matcher.js';
import { RUN_IDLE_MS } from './segment-run.js';
import { pointInZone, ZoneIndex, type Zone } from './zone-index.js';
import { squareZone } from './square-zone.fixture.js';

// A 0.01-degree square zone west of lon -122.40; the matcher puts everything on segment 7 (40 km/h).
const square = squareZone('zone-1');
const matcher: MapMatcher = {
  match: () => ({ segmentId: 7, distanceM: 3, limitKmh: 40, name: 'Market St' }),
};
const stage = createVehiclesStage({
  matcher,
  zones: new ZoneIndex([square]),
  staleSeconds: 60,
  speedingTolerancePct: 10,
  hotTtlSeconds: 600,
});

let offset = 0;
function fix(over: Partial<GpsEvent>): InputEvent {
  const event: GpsEvent = { ...EXAMPLE_EVENTS.gps_data, eventId: crypto.randomUUID(), ...over };
  return { topic: 'gps_data', event, partition: 0, offset: String(offset++), produceTime: 1 };
}
const ctx = { now: 1_000_000, watermark: 0 };
const observationsOf = (w: Writes) =>
  w.emits
    .filter((e) => e.topic === 'segment_observations')
    .map((e) => e.event as SegmentObservation);

describe('vehicles stage', () => {
  it('keeps the latest position, map-matches and emits zone transitions', () => {
    const state = stage.createState();
    const w = stage.apply(
      fix({ longitude: -122.405, latitude: 37.785, timestamp: '2026-11-29T08:00:00.000Z' }),
      state,
      ctx,
    );
    expect(w.hot.map((h) => `${h.op} ${h.key}`)).toEqual([
      `hset ${VEHICLE_KEYS.vehicle('taxi-0042')}`,
      `geoadd ${VEHICLE_KEYS.geo}`,
      `zadd ${VEHICLE_KEYS.active}`,
      `sadd ${VEHICLE_KEYS.zoneMembers('zone-1')}`,
    ]);
    // The fix opens a run on segment 7: its observation leaves when the run ends.
    expect(w.emits.map((e) => e.topic)).toEqual(['geofence_events']);
    for (const e of w.emits) expect(validateEvent(e.topic, e.event).ok).toBe(true);
    expect(w.emits[0]!.event).toMatchObject({
      transition: 'enter',
      zoneId: 'zone-1',
      zoneKind: 'operator',
    });
    expect(w.durable.map((d) => d.table)).toEqual(['vehicles', 'geofence_transitions']);

    const out = stage.apply(
      fix({ longitude: -122.39, latitude: 37.785, timestamp: '2026-11-29T08:00:05.000Z' }),
      state,
      ctx,
    );
    expect(out.emits.map((e) => e.topic)).toEqual(['geofence_events']);
    expect(out.emits[0]!.event).toMatchObject({ transition: 'exit', zoneId: 'zone-1' });
    expect(out.hot.at(-1)).toMatchObject({ op: 'srem', key: VEHICLE_KEYS.zoneMembers('zone-1') });
  });

  it('stops observing traffic with a vehicle standing longer than a signal cycle (parked)', () => {
    const state = stage.createState();
    const observations: SegmentObservation[] = [];
    const at = (ms: number, speedKmh: number) => {
      const w = stage.apply(
        fix({
          speedKmh,
          timestamp: new Date(Date.parse('2026-11-29T08:00:00Z') + ms).toISOString(),
        }),
        state,
        ctx,
      );
      observations.push(...observationsOf(w));
      return w;
    };
    at(0, 30);
    at(30_000, 0); // stopped at a red light: still traffic (same minute: one run of two fixes)
    at(30_000 + PARKED_AFTER_MS - 1, 0);
    const parked = at(30_000 + PARKED_AFTER_MS, 0);
    expect(parked.counters.parked_fixes).toBe(1);
    expect(parked.hot[0]).toMatchObject({ op: 'hset', fields: { speedKmh: 0 } }); // still on the map
    at(40_000 + PARKED_AFTER_MS, 25); // drives off
    at(50_000 + PARKED_AFTER_MS, 0); // a new stop starts a new clock
    observations.push(...observationsOf(stage.flush!(state, { ...ctx, now: ctx.now + 60_000 })));
    expect(observations.map((o) => [o.speedSamples, o.speedKmh])).toEqual([
      [2, 15],
      [1, 0],
      [2, 12.5],
    ]);
    for (const o of observations) expect(validateEvent('segment_observations', o).ok).toBe(true);
  });

  it("joins a vehicle's fixes on one segment within a minute into one observation", () => {
    const bySide = createVehiclesStage({
      matcher: {
        match: (lon) => ({
          segmentId: lon < -122.4 ? 7 : 8,
          distanceM: 3,
          limitKmh: 40,
          name: 'X',
        }),
      },
      zones: new ZoneIndex([]),
      staleSeconds: 60,
      speedingTolerancePct: 10,
      hotTtlSeconds: 600,
    });
    const state = bySide.createState();
    const at = (second: number, speedKmh: number, longitude = -122.405) =>
      observationsOf(
        bySide.apply(
          fix({
            speedKmh,
            longitude,
            timestamp: new Date(Date.parse('2026-11-29T08:00:00Z') + second * 1000).toISOString(),
          }),
          state,
          ctx,
        ),
      );
    const first = fix({});
    expect(
      observationsOf(
        bySide.apply(
          { ...first, event: { ...first.event, speedKmh: 10, timestamp: '2026-11-29T08:00:00Z' } },
          state,
          ctx,
        ),
      ),
    ).toEqual([]);
    for (const [second, speed] of [
      [10, 20],
      [20, 30],
      [30, 40],
      [40, 50],
    ] as const)
      expect(at(second, speed)).toEqual([]);
    // The next minute ends the run: five fixes, their mean speed, at the newest fix's time.
    const [run] = at(65, 35);
    expect(run).toMatchObject({
      segmentId: 7,
      kind: 'gps',
      vehicleId: 'taxi-0042',
      vehicleCount: 1,
      speedKmh: 30,
      speedSamples: 5,
      timestamp: '2026-11-29T08:00:40.000Z',
      sourceEventId: (first.event as GpsEvent).eventId,
      eventId: deriveEventId('segment_observations', (first.event as GpsEvent).eventId),
    });
    expect(validateEvent('segment_observations', run).ok).toBe(true);
    // Another segment ends it too.
    expect(at(70, 20, -122.39)).toMatchObject([{ segmentId: 7, speedSamples: 1, speedKmh: 35 }]);
    // A snapshot keeps the open run.
    const restored = bySide.restore(JSON.parse(JSON.stringify(bySide.snapshot(state))));
    const flushed = bySide.flush!(restored, { ...ctx, now: ctx.now + 10_000 });
    expect(observationsOf(flushed)).toMatchObject([{ segmentId: 8, speedSamples: 1 }]);
  });

  it('emits a run once its vehicle is silent behind the partition, or its minute has passed', () => {
    const state = stage.createState();
    const send = (vehicleId: string, second: number) =>
      stage.apply(
        fix({
          vehicleId,
          timestamp: new Date(Date.parse('2026-11-29T08:00:00Z') + second * 1000).toISOString(),
        }),
        state,
        ctx,
      );
    send('bus-1', 1);
    send('bus-2', 2);
    send('bus-2', 3);
    expect(observationsOf(stage.flush!(state, ctx))).toEqual([]);
    send('bus-2', 4 + RUN_IDLE_MS / 1000);
    expect(observationsOf(stage.flush!(state, ctx)).map((o) => o.vehicleId)).toEqual(['bus-1']);
    send('bus-1', 50);
    send('bus-2', 61); // the partition enters the next minute: bus-1's run of minute 0 leaves
    expect(observationsOf(stage.flush!(state, ctx)).map((o) => o.vehicleId)).toEqual(['bus-1']);
  });

  it('records one speeding episode per run of fixes over the limit plus tolerance', () => {
    const state = stage.createState();
    const speeds = [30, 43, 50, 60, 30, 80];
    const writes = speeds.map((speedKmh, i) =>
      stage.apply(
        fix({ speedKmh, timestamp: new Date(Date.UTC(2026, 10, 29, 8, 0, i)).toISOString() }),
        state,
        ctx,
      ),
    );
    const episodes = writes.flatMap((w) => w.durable.filter((d) => d.table === 'speeding_events'));
    expect(episodes).toHaveLength(2);
    expect(episodes[0]!.row).toMatchObject({ speed_kmh: 50, limit_kmh: 40 });
    expect(writes[4]!.hot).toContainEqual({
      op: 'zrem',
      key: VEHICLE_KEYS.speeding,
      member: 'taxi-0042',
    });
    expect(writes.reduce((n, w) => n + (w.counters.speeding_fixes ?? 0), 0)).toBe(3);
  });

  it('does not speed-flag emergency vehicles and ignores fixes older than the newest', () => {
    const state = stage.createState();
    const fast = stage.apply(
      fix({ vehicleType: 'ambulance', vehicleId: 'amb-1', speedKmh: 120 }),
      state,
      ctx,
    );
    expect(fast.counters.speeding_fixes).toBeUndefined();
    const old = stage.apply(
      fix({ vehicleType: 'ambulance', vehicleId: 'amb-1', timestamp: '2026-11-29T07:00:00.000Z' }),
      state,
      ctx,
    );
    expect(old.hot).toHaveLength(0);
    expect(old.counters.out_of_order_fixes).toBe(1);
  });

  it('drops silent vehicles from the active set in flush, and the state survives a snapshot', () => {
    const state = stage.createState();
    stage.apply(fix({ vehicleId: 'car-9' }), state, ctx);
    const restored = stage.restore(JSON.parse(JSON.stringify(stage.snapshot(state))));
    expect(stage.flush!(restored, { now: ctx.now + 30_000, watermark: 0 }).hot).toHaveLength(0);
    const stale = stage.flush!(restored, { now: ctx.now + 61_000, watermark: 0 });
    expect(stale.hot).toContainEqual({ op: 'zrem', key: VEHICLE_KEYS.active, member: 'car-9' });
    expect(stale.counters.stale_vehicles).toBe(1);
    expect(stage.flush!(restored, { now: ctx.now + 62_000, watermark: 0 }).hot).toHaveLength(0);
  });

  it('writes the partition active count once per minute, from the first flush in it', () => {
    const state = stage.createState();
    const minute = 60_000_000; // a whole minute (ms)
    const at = (now: number) => ({ now, watermark: 0 });
    const counts = (w: ReturnType<NonNullable<typeof stage.flush>>) =>
      w.durable.filter((d) => d.table === 'vehicle_count_minutes').map((d) => d.row);
    const gps = (vehicleId: string, now: number) =>
      stage.apply({ ...fix({ vehicleId }), partition: 3 }, state, at(now));

    gps('car-1', minute + 5_000);
    gps('car-2', minute + 6_000);
    expect(counts(stage.flush!(state, at(minute + 6_000)))).toEqual([
      { minute: new Date(minute).toISOString(), partition: 3, active_vehicles: 2 },
    ]);
    expect(counts(stage.flush!(state, at(minute + 50_000)))).toEqual([]);
    // car-1 stays silent past the 60 s staleness window; a restored state keeps the minute.
    gps('car-2', minute + 62_000);
    const restored = stage.restore(JSON.parse(JSON.stringify(stage.snapshot(state))));
    expect(counts(stage.flush!(restored, at(minute + 70_000)))).toEqual([
      { minute: new Date(minute + 60_000).toISOString(), partition: 3, active_vehicles: 1 },
    ]);
    expect(counts(stage.flush!(restored, at(minute + 80_000)))).toEqual([]);
  });

  it('writes no count for a telemetry partition (no fixes, no vehicles)', () => {
    const state = stage.createState();
    const telemetry: InputEvent = {
      topic: 'vehicle_data',
      event: EXAMPLE_EVENTS.vehicle_data,
      partition: 3,
      offset: '1',
      produceTime: 1,
    };
    stage.apply(telemetry, state, ctx);
    expect(stage.flush!(state, ctx).durable).toEqual([]);
  });
});

describe('zones', () => {
  it('respects holes', () => {
    const withHole: Zone = {
      ...square,
      polygons: [
        [
          square.polygons[0]![0]!,
          [
            [-122.406, 37.784],
            [-122.404, 37.784],
            [-122.404, 37.786],
            [-122.406, 37.786],
            [-122.406, 37.784],
          ],
        ],
      ],
    };
    expect(pointInZone(-122.408, 37.785, withHole)).toBe(true);
    expect(pointInZone(-122.405, 37.785, withHole)).toBe(false);
  });

  it('loads the 41 neighbourhoods with ids the contracts accept, and finds the one a point is in', () => {
    const zones = loadNeighbourhoodZones(DEFAULT_CITY_DATA_DIR);
    expect(zones).toHaveLength(41);
    expect(neighbourhoodZoneId('Castro/Upper Market')).toBe('nbhd:castro-upper-market');
    for (const z of zones) expect(z.id).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    // Union Square (Geary & Powell) lies in the Planning Department's Financial District/South Beach.
    expect(new ZoneIndex(zones).containing(-122.4075, 37.7875)).toEqual([
      'nbhd:financial-district-south-beach',
    ]);
  });
});
