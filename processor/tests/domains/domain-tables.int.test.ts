// The traffic, environment and emergencies stages' DurableTableSpecs against the migrated
// PostgreSQL schema: every row a stage writes is accepted by the real tables, replays are
// idempotent and newerBy keeps the newest state.
import { randomUUID } from 'node:crypto';
import { createPrismaClient, quoteIdent, runMigrations } from '@city/db';
import { loadInfraConfig } from '@city/infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainStage, InputEvent, StageContext, Writes } from '../../src/pipeline/types.js';
import { deriveEventId } from '../../src/pipeline/derive-event-id.js';
import { createPostgresSink } from '../../src/sinks/postgres-sink.js';
import { createEmergenciesStage } from '../../src/domains/emergencies/index.js';
import { createEnvironmentStage } from '../../src/domains/environment/index.js';
import { createTrafficStage } from '../../src/domains/traffic/index.js';
import { tinyNetwork } from './tiny-network.js';

const infra = loadInfraConfig(process.env, { warn: () => {} });
const schema = `dt_${randomUUID().slice(0, 8)}`;
let prisma: ReturnType<typeof createPrismaClient>;

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const iso = (t: number) => new Date(t).toISOString();
const ctx = (watermark: number): StageContext => ({ now: watermark, watermark });
let seq = 0;
const input = (topic: InputEvent['topic'], event: unknown, t: number) =>
  ({ topic, event, partition: 0, offset: String(++seq), produceTime: t }) as InputEvent;

beforeAll(async () => {
  await runMigrations({ databaseUrl: infra.databaseUrl, schema });
  prisma = createPrismaClient({ databaseUrl: infra.databaseUrl, schema, maxConnections: 4 });
});

afterAll(async () => {
  await prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await prisma.$disconnect();
});

async function write(stage: DomainStage<unknown>, writes: Writes[]) {
  const sink = createPostgresSink(prisma, stage.tables);
  // One table at a time, in the stage's order: incident_events reference incidents.
  for (const spec of stage.tables) {
    await sink.write(writes.flatMap((w) => w.durable).filter((d) => d.table === spec.table));
  }
}

const count = async (table: string) =>
  Number(
    (
      (await prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[]
    )[0]!.n,
  );

describe('domain tables in PostgreSQL', () => {
  it('stores traffic windows idempotently', async () => {
    const stage = createTrafficStage({ graph: { network: tinyNetwork() } }) as DomainStage<unknown>;
    const state = stage.createState();
    const out: Writes[] = [];
    for (let m = 0; m < 3; m++) {
      out.push(
        stage.apply(
          input(
            'segment_observations',
            {
              schemaVersion: 1,
              eventId: deriveEventId('t', m),
              timestamp: iso(T0 + m * 60_000 + 1000),
              source: 'test',
              segmentId: 1,
              kind: 'gps',
              vehicleId: 'v1',
              speedKmh: 30,
              vehicleCount: 1,
              intervalSeconds: 0,
              occupancyPct: null,
              sourceEventId: deriveEventId('s', m),
            },
            T0,
          ),
          state,
          ctx(0),
        ),
      );
    }
    out.push(stage.flush!(state, ctx(T0 + 3 * 60_000)));
    await write(stage, out);
    await write(stage, out);
    // Three 1-minute windows and the 5-minute windows ending at minutes 1, 2 and 3.
    expect(await count('traffic_windows')).toBe(3 + 3);
    const [row] = (await prisma.$queryRawUnsafe(
      `SELECT los, mean_speed_kmh FROM traffic_windows WHERE window_seconds = 60 LIMIT 1`,
    )) as { los: string; mean_speed_kmh: number }[];
    expect(row).toEqual({ los: 'C', mean_speed_kmh: 30 }); // 30 of 50 km/h: 60 %
    // The partition's KPI share of the newest closed minute.
    expect(
      await prisma.$queryRawUnsafe(
        `SELECT minute, partition, speed_sum_kmh, speed_samples, segments_observed,
                congested_segments FROM traffic_kpi_minutes`,
      ),
    ).toEqual([
      {
        minute: new Date(T0 + 3 * 60_000),
        partition: 0,
        speed_sum_kmh: 30,
        speed_samples: 1,
        segments_observed: 1,
        congested_segments: 0,
      },
    ]);
  });

  it('stores hourly aggregates and health alerts', async () => {
    const stage = createEnvironmentStage() as DomainStage<unknown>;
    const state = stage.createState();
    const aq = (t: number, pm25: number) =>
      input(
        'air_quality_data',
        {
          schemaVersion: 1,
          eventId: deriveEventId('aq', t),
          timestamp: iso(t),
          source: 'test',
          stationId: 'aq-1',
          latitude: 37.7,
          longitude: -122.4,
          pm25UgPerM3: pm25,
          pm10UgPerM3: 20,
          o3Ppb: 30,
          no2Ppb: 20,
          coPpm: 0.4,
          noiseDbA: 60,
        },
        t,
      );
    const wx = input(
      'weather_data',
      {
        schemaVersion: 1,
        eventId: deriveEventId('wx', 1),
        timestamp: iso(T0),
        source: 'test',
        stationId: 'wx-1',
        latitude: 37.7,
        longitude: -122.4,
        temperatureC: 14,
        humidityPct: 70,
        windSpeedKmh: 12,
        windDirectionDeg: 270,
        precipitationMmPerH: 0,
        pressureHpa: 1016,
        condition: 'fog',
      },
      T0,
    );
    const out = [aq(T0, 80), aq(T0 + 3_600_000, 2), aq(T0 + 7_200_000, 2), wx].map((i) =>
      stage.apply(i, state, ctx(T0)),
    );
    out.push(stage.flush!(state, ctx(T0 + 7_200_000)));
    await write(stage, out);
    await write(stage, out);
    expect(
      await prisma.$queryRawUnsafe(
        `SELECT minute, partition, stations, worst_station_id FROM air_quality_minutes`,
      ),
    ).toEqual([
      { minute: new Date(T0 + 7_200_000), partition: 0, stations: 1, worst_station_id: 'aq-1' },
    ]);
    expect(await count('air_quality_hourly')).toBe(3);
    expect(await count('weather_hourly')).toBe(1);
    const alerts = (await prisma.$queryRawUnsafe(
      `SELECT status, peak_category, ended_at FROM health_alerts`,
    )) as { status: string; peak_category: string; ended_at: Date | null }[];
    expect(alerts).toEqual([
      { status: 'cleared', peak_category: 'unhealthy', ended_at: expect.any(Date) },
    ]);
  });

  it('stores incidents, their events, units and response steps; older events never win', async () => {
    const stage = createEmergenciesStage() as DomainStage<unknown>;
    const state = stage.createState();
    const incident = (t: number, status: string) =>
      input(
        'emergency_incident_data',
        {
          schemaVersion: 1,
          eventId: deriveEventId('inc', t),
          timestamp: iso(t),
          source: 'test',
          incidentId: 'inc-db-1',
          type: 'fire',
          status,
          latitude: 37.7,
          longitude: -122.4,
          description: 'Smoke',
          details: { buildingType: 'residential' },
          reportedBy: 'caller',
        },
        t,
      );
    const unit = input(
      'emergency_unit_status',
      {
        schemaVersion: 1,
        eventId: deriveEventId('unit', 1),
        timestamp: iso(T0 + 90_000),
        source: 'test',
        unitId: 'eng-1',
        unitType: 'fire_engine',
        status: 'en_route',
        incidentId: 'inc-db-1',
        commandId: deriveEventId('cmd', 1),
        latitude: 37.71,
        longitude: -122.41,
      },
      T0,
    );
    const first = [incident(T0, 'reported'), incident(T0 + 120_000, 'on_scene'), unit].map((i) =>
      stage.apply(i, state, ctx(T0)),
    );
    await write(stage, first);
    // A replay of the first report alone (as after a crash) must not regress the row.
    const replayStage = createEmergenciesStage() as DomainStage<unknown>;
    await write(replayStage, [
      replayStage.apply(incident(T0, 'reported'), replayStage.createState(), ctx(T0)),
    ]);
    const rows = (await prisma.$queryRawUnsafe(
      `SELECT status::text, severity::text, details FROM incidents`,
    )) as { status: string; severity: string; details: unknown }[];
    expect(rows).toEqual([
      { status: 'on_scene', severity: 'high', details: { buildingType: 'residential' } },
    ]);
    expect(await count('incident_events')).toBe(2);
    expect(await count('emergency_units')).toBe(1);
    expect(await count('incident_response_steps')).toBe(1);
  });
});
