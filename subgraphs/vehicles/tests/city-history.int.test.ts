// CitySummary.history through the real gateway: the vehicles subgraph lists the minutes, and each
// domain's subgraph adds its figures from PostgreSQL — the processor stages' own per-minute rows
// (vehicles), rows shaped by their table specs (traffic, environment), incidents written by the
// real emergencies stage — and nothing of it depends on Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpsEvent } from '@city/contracts';
import { EXAMPLE_EVENTS } from '@city/contracts';
import { createVehiclesStage, ZoneIndex } from '@city/processor/domains/vehicles/index.js';
import { TRAFFIC_KPI_MINUTES_TABLE } from '@city/processor/domains/traffic/traffic-tables.js';
import { AIR_QUALITY_MINUTES_TABLE } from '@city/processor/domains/environment/environment-tables.js';
import type { InputEvent, Writes } from '@city/processor/pipeline/types.js';
import { createPostgresSink } from '@city/processor/sinks/postgres-sink.js';
import {
  envelope,
  gql,
  startFederatedStack,
  type FederatedStack,
} from '../../emergencies/tests/federated-stack.js';

const MIN = 60_000;
const T = Math.floor(Date.now() / MIN) * MIN;
const iso = (t: number) => new Date(t).toISOString();
let stack: FederatedStack;
let viewer: string;

const HISTORY = `query History($minutes: Int) {
  citySummary {
    history(minutes: $minutes) {
      at totalVehicles averageSpeed congestedRoads segmentsObserved
      activeEmergencies worstAqi averageAqi activeHealthAlerts
    }
  }
}`;

type Point = Record<string, number | string | null>;

async function history(minutes: number): Promise<Point[]> {
  const { body } = await gql(stack.url, HISTORY, {
    variables: { minutes },
    headers: { authorization: `Bearer ${viewer}` },
  });
  expect(body.errors).toBeUndefined();
  return (body.data!.citySummary as { history: Point[] }).history;
}

/** Vehicles reporting on two gps_data partitions, sampled by the real stage's flush. */
async function writeVehicleSamples() {
  const stage = createVehiclesStage({
    matcher: { match: () => null },
    zones: new ZoneIndex([]),
    staleSeconds: 3600,
    speedingTolerancePct: 10,
    hotTtlSeconds: 3600,
  });
  const states = [stage.createState(), stage.createState()];
  const out: Writes[] = [];
  const fix = (partition: number, vehicleId: string, now: number) => {
    const event: GpsEvent = { ...EXAMPLE_EVENTS.gps_data, ...envelope(now), vehicleId };
    const input: InputEvent = {
      topic: 'gps_data',
      event,
      partition,
      offset: '0',
      produceTime: now,
    };
    out.push(stage.apply(input, states[partition]!, { now, watermark: 0 }));
  };
  const flush = (partition: number, now: number) =>
    out.push(stage.flush!(states[partition]!, { now, watermark: 0 }));
  // T-3: 2 + 1 vehicles. T-2: partition 0 has 3; partition 1 had no batch (its T-3 sample carries).
  fix(0, 'car-1', T - 3 * MIN + 1_000);
  fix(0, 'car-2', T - 3 * MIN + 1_000);
  flush(0, T - 3 * MIN + 1_000);
  fix(1, 'bus-1', T - 3 * MIN + 2_000);
  flush(1, T - 3 * MIN + 2_000);
  fix(0, 'taxi-1', T - 2 * MIN + 1_000);
  flush(0, T - 2 * MIN + 1_000);
  await createPostgresSink(stack.db, stage.tables).write(out.flatMap((w) => w.durable));
}

beforeAll(async () => {
  stack = await startFederatedStack();
  viewer = await stack.token(['viewer']);
  await writeVehicleSamples();
  await createPostgresSink(stack.db, [TRAFFIC_KPI_MINUTES_TABLE]).write(
    [
      [0, 300, 10, 4, 1],
      [1, 100, 10, 2, 2],
    ].map(([partition, sum, samples, observed, congested]) => ({
      table: 'traffic_kpi_minutes',
      row: {
        minute: iso(T - 2 * MIN),
        partition,
        speed_sum_kmh: sum,
        speed_samples: samples,
        segments_observed: observed,
        congested_segments: congested,
      },
    })),
  );
  await createPostgresSink(stack.db, [AIR_QUALITY_MINUTES_TABLE]).write(
    [
      [0, 2, 100, 70, 'aq-a'],
      [1, 1, 40, 40, 'aq-b'],
    ].map(([partition, stations, sum, worst, id]) => ({
      table: 'air_quality_minutes',
      row: {
        minute: iso(T - 2 * MIN),
        partition,
        stations,
        aqi_sum: sum,
        worst_aqi: worst,
        worst_station_id: id,
      },
    })),
  );
  // One alert episode from T-2.5 min that ended at T-1.5 min; one still active since T-2.5 min.
  for (const [id, status, ended] of [
    ['aq-a-1', 'cleared', iso(T - 1.5 * MIN)],
    ['aq-b-1', 'active', null],
  ] as const) {
    await stack.db.$executeRawUnsafe(
      `INSERT INTO health_alerts (id, station_id, status, category, aqi, dominant_pollutant,
         peak_aqi, peak_category, latitude, longitude, started_at, ended_at, last_event_at)
       VALUES ($1, $1, $2, 'unhealthy', 160, 'pm25', 160, 'unhealthy', 37.7, -122.4,
               $3::timestamptz, $4::timestamptz, $3::timestamptz)`,
      id,
      status,
      iso(T - 2.5 * MIN),
      ended,
    );
  }
  // Incident A: reported T-3.5, resolved T-1.5; incident B: reported T-2.5, still open.
  const incident = (id: string, status: 'reported' | 'resolved', at: number) => ({
    ...envelope(at),
    incidentId: id,
    type: 'accident' as const,
    status,
    latitude: 37.78,
    longitude: -122.41,
    description: 'Collision',
    details: {},
    reportedBy: 'caller:test',
  });
  await stack.process('emergency_incident_data', [
    incident('inc-hist-a', 'reported', T - 3.5 * MIN),
    incident('inc-hist-b', 'reported', T - 2.5 * MIN),
    incident('inc-hist-a', 'resolved', T - 1.5 * MIN),
  ]);
});

afterAll(async () => {
  await stack?.stop();
});

describe('CitySummary.history', () => {
  it('lists whole minutes oldest first, each domain adding its figures', async () => {
    const points = await history(6);
    expect(points).toHaveLength(6);
    const ats = points.map((p) => Date.parse(p.at as string));
    for (let i = 1; i < ats.length; i++) expect(ats[i]! - ats[i - 1]!).toBe(MIN);
    expect(ats.at(-1)! % MIN).toBe(0);
    expect(ats.at(-1)!).toBeGreaterThanOrEqual(T);

    // Looked up by instant, so a minute turning over during the test shifts nothing asserted.
    const at = (t: number) => points.find((p) => p.at === iso(t))!;
    expect(at(T - 3 * MIN)).toEqual({
      at: iso(T - 3 * MIN),
      totalVehicles: 3,
      averageSpeed: null,
      congestedRoads: null,
      segmentsObserved: null,
      activeEmergencies: 1,
      worstAqi: null,
      averageAqi: null,
      activeHealthAlerts: 0,
    });
    expect(at(T - 2 * MIN)).toEqual({
      at: iso(T - 2 * MIN),
      totalVehicles: 4,
      averageSpeed: 20,
      congestedRoads: 3,
      segmentsObserved: 6,
      activeEmergencies: 2,
      worstAqi: 70,
      averageAqi: 46.7,
      activeHealthAlerts: 2,
    });
    expect(at(T - MIN)).toMatchObject({ activeEmergencies: 1, activeHealthAlerts: 1 });
  });

  it('defaults to one hour', async () => {
    const { body } = await gql(stack.url, '{ citySummary { history { at } } }', {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect((body.data!.citySummary as { history: unknown[] }).history).toHaveLength(60);
  });

  it('refuses a length outside 1-180 with BAD_USER_INPUT naming the argument', async () => {
    for (const minutes of [0, 181]) {
      const { body } = await gql(stack.url, HISTORY, {
        variables: { minutes },
        headers: { authorization: `Bearer ${viewer}` },
      });
      expect(body.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'minutes',
      });
    }
  });

  it('is the same after Redis lost every key of this run', async () => {
    const before = await history(6);
    const keys = await stack.redis.keys(`${stack.prefix}*`);
    if (keys.length > 0) await stack.redis.del(...keys);
    const after = await history(6);
    const asserted = [T - 3 * MIN, T - 2 * MIN].map(iso);
    const pick = (points: Point[]) => points.filter((p) => asserted.includes(p.at as string));
    expect(pick(after)).toEqual(pick(before));
    expect(pick(after)).toHaveLength(2);
  });
});
