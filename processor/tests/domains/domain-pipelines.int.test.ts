// Traffic, environment and emergencies through the real runtime: Kafka in, PostgreSQL, Redis and
// the change feed out; legacy-shaped messages normalised or dead-lettered.
import { randomUUID } from 'node:crypto';
import { deadLetterTopic, encodeEvent, type TopicName } from '@city/contracts';
import { waitFor } from '@city/infra';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStages } from '../../src/domains/create-stages.js';
import { normalise } from '../../src/normalise/index.js';
import { deriveEventId } from '../../src/pipeline/derive-event-id.js';
import type { Change } from '../../src/pipeline/types.js';
import { createProcessor, type Processor } from '../../src/runtime/create-processor.js';
import { changeChannel } from '../../src/sinks/change-feed.js';
import {
  createTestEnv,
  infra,
  neighbourhoodIndex,
  readTopic,
  roadNetwork,
  testConfig,
  type TestEnv,
} from '../harness.js';

const TOPICS: TopicName[] = [
  'segment_observations',
  'traffic_camera_data',
  'incident_candidates',
  'air_quality_data',
  'weather_data',
  'emergency_incident_data',
  'emergency_unit_status',
  'dispatch_commands',
];

describe('traffic, environment and emergencies end to end', () => {
  let env: TestEnv;
  let processor: Processor | undefined;
  let subscriber: Redis;
  const changes: Change[] = [];

  beforeAll(async () => {
    env = await createTestEnv(3, TOPICS);
    subscriber = new Redis(infra.redisUrl);
    await subscriber.subscribe(changeChannel(env.redisKeyPrefix, 'environment'));
    subscriber.on('message', (_c, text: string) => changes.push(...(JSON.parse(text) as Change[])));
  });

  afterAll(async () => {
    await processor?.stop();
    await subscriber?.quit();
    if (env) {
      await env.cleanup();
    }
  });

  it('aggregates, tracks lifecycles and normalises legacy input', async () => {
    const base = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
    const iso = (t: number) => new Date(t).toISOString();
    const network = roadNetwork();
    const segmentId = network.segments.findIndex((s) => s.highway === 'primary');
    const send = async (topic: TopicName, messages: { key: string | null; value: string }[]) =>
      producer.send({ topic: env.physical(topic), messages });
    const producer = env.kafka.producer();
    await producer.connect();

    const observation = (minute: number, i: number) =>
      encodeEvent('segment_observations', {
        schemaVersion: 1,
        eventId: deriveEventId('obs', minute, i),
        timestamp: iso(base + minute * 60_000 + i * 1000),
        source: 'test',
        segmentId,
        kind: 'gps',
        vehicleId: `car-${i}`,
        speedKmh: 20 + i,
        vehicleCount: 1,
        intervalSeconds: 0,
        occupancyPct: null,
        sourceEventId: deriveEventId('src', minute, i),
      });
    await send(
      'segment_observations',
      [0, 1, 2, 5].flatMap((m) => [0, 1, 2].map((i) => observation(m, i))),
    );

    const aq = (minute: number, pm25: number) =>
      encodeEvent('air_quality_data', {
        schemaVersion: 1,
        eventId: randomUUID(),
        timestamp: iso(base + minute * 60_000),
        source: 'test',
        stationId: 'aq-e2e',
        latitude: 37.76,
        longitude: -122.42,
        pm25UgPerM3: pm25,
        pm10UgPerM3: 20,
        o3Ppb: 30,
        no2Ppb: 20,
        coPpm: 0.4,
        noiseDbA: 58,
      });
    await send('air_quality_data', [aq(0, 12), aq(1, 80)]);
    const legacyWeather = {
      id: randomUUID(),
      deviceId: 'Vehicle-CodeWithYu-123',
      location: [37.77, -122.41],
      timestamp: new Date(base).toLocaleString('sv-SE', { timeZone: 'America/Los_Angeles' }),
      temperature: 13.5,
      weatherCondition: 'Cloudy',
      precipitation: 0,
      windSpeed: 15,
      humidity: 80,
      airQualityIndex: 42,
    };
    await send('weather_data', [
      { key: 'Vehicle-CodeWithYu-123', value: JSON.stringify(legacyWeather) },
    ]);

    const incidentId = `inc-e2e-${randomUUID().slice(0, 8)}`;
    await send('emergency_incident_data', [
      encodeEvent('emergency_incident_data', {
        schemaVersion: 1,
        eventId: randomUUID(),
        timestamp: iso(base),
        source: 'test',
        incidentId,
        type: 'fire',
        status: 'reported',
        latitude: 37.78,
        longitude: -122.41,
        description: 'Smoke from a warehouse',
        details: { buildingType: 'industrial' },
        reportedBy: 'sensor-network',
      }),
    ]);
    const legacyIncident = {
      id: randomUUID(),
      deviceId: 'Vehicle-CodeWithYu-123',
      incidentId: randomUUID(),
      type: 'Medical',
      timestamp: iso(base + 60_000),
      location: '(37.79, -122.40)',
      status: 'Active',
      description: 'Person collapsed',
    };
    await send('emergency_incident_data', [
      { key: legacyIncident.incidentId, value: JSON.stringify(legacyIncident) },
    ]);
    await send('emergency_unit_status', [
      encodeEvent('emergency_unit_status', {
        schemaVersion: 1,
        eventId: randomUUID(),
        timestamp: iso(base + 120_000),
        source: 'test',
        unitId: 'eng-e2e',
        unitType: 'fire_engine',
        status: 'en_route',
        incidentId,
        commandId: randomUUID(),
        latitude: 37.77,
        longitude: -122.42,
      }),
    ]);
    const legacyCamera = {
      id: randomUUID(),
      deviceId: 'Vehicle-CodeWithYu-123',
      cameraId: 'Nikon-Cam123',
      location: [37.77, -122.41],
      timestamp: iso(base),
      snapshot: 'Base64EncodedString',
    };
    await send('traffic_camera_data', [
      { key: 'Nikon-Cam123', value: JSON.stringify(legacyCamera) },
    ]);
    await producer.disconnect();

    processor = createProcessor({
      kafka: env.kafka,
      redis: env.redis,
      prisma: env.prisma,
      s3: env.s3,
      log: env.log,
      config: testConfig(env, { domains: ['traffic', 'environment', 'emergencies'] }),
      stages: createStages({
        config: {
          vehicleStaleSeconds: 3600,
          speedingTolerancePct: 10,
          mapMatchMaxDistanceM: 60,
          hotTtlSeconds: 3600,
        },
        network,
        zones: neighbourhoodIndex(),
      }),
      normalise,
    });
    await processor.start();

    const query = async <T>(sql: string) => (await env.prisma.$queryRawUnsafe(sql)) as T[];
    const windows = await waitFor(
      async () => {
        const r = await query<{ window_start: Date; volume: number; mean_speed_kmh: number }>(
          `SELECT window_start, volume, mean_speed_kmh FROM traffic_windows WHERE window_seconds = 60 ORDER BY window_start`,
        );
        return r.length >= 3 ? r : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 250, description: 'traffic windows' },
    );
    expect(
      windows.slice(0, 3).map((w) => [w.window_start.getTime(), w.volume, w.mean_speed_kmh]),
    ).toEqual([0, 1, 2].map((m) => [base + m * 60_000, 3, 21]));
    const p = env.redisKeyPrefix;
    // The sinks of a batch run side by side: wait for the hot state too.
    const redisField = (key: string, field: string, want: string) =>
      waitFor(async () => (await env.redis.hget(`${p}${key}`, field)) === want, {
        description: `${key} ${field} = ${want}`,
      });
    await redisField(`traffic:segment:${segmentId}`, 'meanSpeedKmh1m', '21');

    const alert = await waitFor(
      async () =>
        (
          await query<{ status: string; station_id: string }>(
            `SELECT status, station_id FROM health_alerts`,
          )
        )[0],
      { timeoutMs: 30_000, description: 'health alert' },
    );
    expect(alert).toEqual({ status: 'active', station_id: 'aq-e2e' });
    await redisField('env:aq:aq-e2e', 'category', 'Unhealthy for Sensitive Groups');
    const weather = await waitFor(
      async () =>
        (
          await query<{ station_id: string; condition: string }>(
            `SELECT station_id, condition FROM weather_hourly`,
          )
        )[0],
      { timeoutMs: 30_000, description: 'legacy weather row' },
    );
    expect(weather).toEqual({ station_id: 'Vehicle-CodeWithYu-123', condition: 'cloudy' });
    await waitFor(() => changes.some((c) => c.entity === 'HealthAlert'), {
      description: 'alert change',
    });

    const incidents = await waitFor(
      async () => {
        const r = await query<{ id: string; type: string; status: string; severity: string }>(
          `SELECT id, type::text, status::text, severity::text FROM incidents ORDER BY type`,
        );
        // The unit's en_route report moves the fire incident on (through an incident-keyed step).
        return r.length === 2 && r.some((i) => i.status === 'en_route') ? r : undefined;
      },
      { timeoutMs: 30_000, description: 'incidents, the fire one en route' },
    );
    expect(incidents).toEqual([
      { id: incidentId, type: 'fire', status: 'en_route', severity: 'high' },
      { id: legacyIncident.incidentId, type: 'medical', status: 'reported', severity: 'medium' },
    ]);
    await waitFor(
      async () =>
        (await query<{ n: number }>(`SELECT count(*)::int AS n FROM incident_response_steps`))[0]!
          .n === 1,
      { description: 'response step' },
    );
    await waitFor(async () => (await env.redis.scard(`${p}em:incidents:active`)) === 2, {
      description: 'two active incidents',
    });
    expect((await env.redis.smembers(`${p}em:incidents:active`)).sort()).toEqual(
      [incidentId, legacyIncident.incidentId].sort(),
    );
    await redisField(`em:incident:${incidentId}`, 'unitEnRouteAt', iso(base + 120_000));

    const dead = await readTopic(
      env.kafka,
      deadLetterTopic(env.physical('traffic_camera_data')),
      (m) => m.length >= 1,
    );
    expect(JSON.parse(dead[0]!.value)).toMatchObject({
      reason: 'schema_violation',
      errors: expect.arrayContaining([{ path: '/nodeId', message: 'is required' }]),
    });
  });
});
