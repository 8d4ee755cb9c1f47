import { randomUUID } from 'node:crypto';
import {
  validateDeadLetter,
  validateEvent,
  EXAMPLE_EVENTS,
  type SegmentObservation,
} from '@city/contracts';
import { waitFor } from '@city/infra';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeChannel } from '../src/sinks/change-feed.js';
import type { Change } from '../src/pipeline/types.js';
import type { Processor } from '../src/runtime/create-processor.js';
import {
  createTestEnv,
  expectedEpisodes,
  gpsFleet,
  gpsMessages,
  infra,
  readParquetRows,
  readTopic,
  startTestProcessor,
  type TestEnv,
} from './harness.js';

const VEHICLES = 12;
const FIXES = 10;

describe('vehicles pipeline end to end', () => {
  let env: TestEnv;
  let processor: Processor | undefined;
  let subscriber: Redis;
  const changes: Change[] = [];

  beforeAll(async () => {
    env = await createTestEnv();
    subscriber = new Redis(infra.redisUrl);
    await subscriber.subscribe(changeChannel(env.redisKeyPrefix, 'vehicles'));
    subscriber.on('message', (_channel, text: string) =>
      changes.push(...(JSON.parse(text) as Change[])),
    );
  });

  afterAll(async () => {
    await processor?.stop();
    await subscriber?.quit();
    await env?.cleanup();
  });

  it('writes hot state, Parquet, PostgreSQL, the change feed and derived topics; bad input goes to the DLQ', async () => {
    const events = gpsFleet(VEHICLES, FIXES);
    const producer = env.kafka.producer();
    await producer.connect();
    const good = gpsMessages(events);
    // Malformed messages on the key of car-0 (one partition): that partition must keep flowing.
    const future = {
      ...events[0]!,
      eventId: randomUUID(),
      timestamp: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const bad = [
      { key: 'car-0', value: '{not json' },
      {
        key: 'car-0',
        value: JSON.stringify({ ...events[0], speedKmh: -5, eventId: randomUUID() }),
      },
      { key: 'car-0', value: JSON.stringify(future) },
    ];
    await producer.send({
      topic: env.physical('gps_data'),
      messages: [...good.slice(0, 30), ...bad, ...good.slice(30)],
    });
    const telemetry = { ...EXAMPLE_EVENTS.vehicle_data, vehicleId: 'car-1', eventId: randomUUID() };
    await producer.send({
      topic: env.physical('vehicle_data'),
      messages: [{ key: 'car-1', value: JSON.stringify(telemetry) }],
    });
    await producer.disconnect();

    processor = startTestProcessor(env);
    await processor.start();

    // Parquet: every valid event exactly once.
    const rows = await waitFor(
      async () => {
        const r = await readParquetRows(env.s3, `${env.s3Prefix}topic=gps_data/`);
        return r.length >= events.length ? r : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 500, description: 'gps_data Parquet rows' },
    );
    expect(rows).toHaveLength(events.length);
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(events.length);
    expect(rows[0]).toMatchObject({ vehicleType: 'car', source: 'test' });

    // Hot state.
    const p = env.redisKeyPrefix;
    await waitFor(async () => (await env.redis.zcard(`${p}vehicles:active`)) === VEHICLES, {
      description: 'active vehicles',
    });
    const last = events.filter((e) => e.vehicleId === 'car-3').at(-1)!;
    const hash = await env.redis.hgetall(`${p}vehicle:car-3`);
    expect(Number(hash.latitude)).toBeCloseTo(last.latitude, 6);
    expect(hash.timestamp).toBe(last.timestamp);
    expect(await env.redis.ttl(`${p}vehicle:car-3`)).toBeGreaterThan(0);
    expect(await env.redis.geopos(`${p}vehicles:geo`, 'car-3')).toHaveLength(1);
    expect((await env.redis.hgetall(`${p}vehicle:car-1:telemetry`)).make).toBe(telemetry.make);

    // PostgreSQL.
    const vehicles = await env.prisma.$queryRawUnsafe<{ id: string; last_seen_at: Date }[]>(
      'SELECT id, last_seen_at FROM vehicles ORDER BY id',
    );
    expect(vehicles).toHaveLength(VEHICLES);
    expect(vehicles.find((v) => v.id === 'car-3')!.last_seen_at.toISOString()).toBe(last.timestamp);
    const speeding = await env.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT count(*) AS n FROM speeding_events',
    );
    expect(Number(speeding[0]!.n)).toBe(expectedEpisodes(VEHICLES, FIXES));
    // The first batch of each minute samples the partition's active vehicles.
    const samples = await env.prisma.$queryRawUnsafe<{ active: number; total: number }[]>(
      `SELECT min(active_vehicles) AS active, sum(active_vehicles)::int AS total
         FROM vehicle_count_minutes GROUP BY minute`,
    );
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s.active).toBeGreaterThan(0);
      expect(s.total).toBeLessThanOrEqual(VEHICLES);
    }

    // Derived topic: each vehicle's fixes on a segment within a minute leave as one observation
    // when the run ends. A later fix per vehicle (the next minute) ends the open runs; then every
    // map-matched fix is in exactly one observation.
    const closing = env.kafka.producer();
    await closing.connect();
    const later = Date.parse(events.at(-1)!.timestamp) + 120_000;
    await closing.send({
      topic: env.physical('gps_data'),
      messages: gpsMessages(gpsFleet(VEHICLES, 1, later)),
    });
    await closing.disconnect();
    const firstWave = new Set(events.map((e) => e.eventId));
    const samplesOf = (messages: { value: string }[]) =>
      messages
        .map((m) => JSON.parse(m.value) as SegmentObservation)
        .filter((o) => firstWave.has(o.sourceEventId))
        .reduce((n, o) => n + (o.speedSamples ?? 1), 0);
    const observations = await readTopic(
      env.kafka,
      env.physical('segment_observations'),
      (m) =>
        samplesOf(m.map(({ message }) => ({ value: message.value?.toString() ?? '' }))) >=
        events.length,
    );
    expect(samplesOf(observations)).toBe(events.length);
    const parsed = observations.map((o) => JSON.parse(o.value) as SegmentObservation);
    expect(new Set(parsed.map((o) => o.eventId)).size).toBe(parsed.length);
    for (const o of parsed) expect(validateEvent('segment_observations', o).ok).toBe(true);

    // Dead letters: reason, partition and offset of each bad message.
    const dlq = await readTopic(env.kafka, `${env.physical('gps_data')}.dlq`, (m) => m.length >= 3);
    const letters = dlq.map((d) => JSON.parse(d.value) as Record<string, unknown>);
    expect(letters.map((l) => l.reason).sort()).toEqual([
      'future_timestamp',
      'invalid_json',
      'schema_violation',
    ]);
    for (const l of letters) {
      expect(validateDeadLetter(l).ok).toBe(true);
      expect(l.originalTopic).toBe(env.physical('gps_data'));
      expect(typeof l.partition).toBe('number');
      expect(l.offset).toMatch(/^\d+$/);
    }
    // The DLQ partition is the source partition.
    expect(dlq.every((d, i) => d.partition === letters[i]!.partition)).toBe(true);

    // Change feed: every vehicle announced with its latest position.
    await waitFor(
      () =>
        new Set(changes.filter((c) => c.entity === 'Vehicle').map((c) => c.id)).size === VEHICLES,
      {
        description: 'change feed for every vehicle',
      },
    );
    const metrics = await processor.metrics.registry.metrics();
    expect(metrics).toMatch(
      /processor_dead_letters_total\{domain="vehicles",topic="gps_data",reason="invalid_json"\} 1/,
    );
  });
});
