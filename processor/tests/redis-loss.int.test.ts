// Redis keeps nothing on disk: after its data is lost (simulated by deleting this run's keys) the
// processor must rebuild the hot layer and the lost stage state from PostgreSQL, not stay empty.
import { randomUUID } from 'node:crypto';
import { encodeEvent, type IncidentEvent, type TopicName } from '@city/contracts';
import { waitFor } from '@city/infra';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../src/runtime/create-processor.js';
import {
  committedCount,
  createTestEnv,
  EMERGENCY_TOPICS,
  gpsFleet,
  gpsMessages,
  startTestProcessor,
  type TestEnv,
} from './harness.js';

describe('Redis loses its data', () => {
  let env: TestEnv;
  let processor: Processor | undefined;
  let vehicles: Processor | undefined;
  let producer: Producer;
  const base = Date.now() - 30 * 60_000;
  const iso = (t: number) => new Date(t).toISOString();
  const key = (k: string) => `${env.redisKeyPrefix}${k}`;

  beforeAll(async () => {
    env = await createTestEnv(3, EMERGENCY_TOPICS);
    producer = env.kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await processor?.stop();
    await vehicles?.stop();
    await producer?.disconnect();
    if (env) {
      await env.cleanup();
    }
  });

  const incident = (id: string, status: IncidentEvent['status'], minute: number) =>
    encodeEvent('emergency_incident_data', {
      schemaVersion: 1,
      eventId: randomUUID(),
      timestamp: iso(base + minute * 60_000),
      source: 'test',
      incidentId: id,
      type: 'fire',
      status,
      latitude: 37.78,
      longitude: -122.41,
      description: `incident ${id}`,
      details: { buildingType: 'industrial' },
      reportedBy: 'sensor-network',
    });
  const unit = (unitId: string, status: 'available' | 'en_route', incidentId: string | null) =>
    encodeEvent('emergency_unit_status', {
      schemaVersion: 1,
      eventId: randomUUID(),
      timestamp: iso(base + 3 * 60_000),
      source: 'test',
      unitId,
      unitType: 'fire_engine',
      status,
      incidentId,
      commandId: null,
      latitude: 37.77,
      longitude: -122.42,
    });
  const send = (topic: TopicName, messages: { key: string | null; value: string }[]) =>
    producer.send({ topic: env.physical(topic), messages });

  /** Deletes every key of this run (what a Redis restart without persistence does). */
  async function wipeRedis(): Promise<number> {
    const keys = await env.redis.keys(`${env.redisKeyPrefix}*`);
    if (keys.length > 0) await env.redis.del(...keys);
    return keys.length;
  }
  const activeSet = async () => (await env.redis.smembers(key('em:incidents:active'))).sort();
  const activeInDb = async () =>
    (
      await env.prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM incidents WHERE status NOT IN ('resolved', 'cancelled') ORDER BY id`,
      )
    ).map((r) => r.id);

  it('rebuilds the hot layer while running and the stage state after a restart', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `inc-${env.id}-${i}`);
    const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
    await send('emergency_incident_data', [
      ...ids.map((id) => incident(id, 'reported', 0)),
      incident(b, 'acknowledged', 1),
      incident(e, 'resolved', 2),
      incident(f, 'cancelled', 2),
    ]);
    await send('emergency_unit_status', [
      unit('eng-free', 'available', null),
      unit('eng-busy', 'en_route', a),
    ]);
    processor = startTestProcessor(env, { config: { domains: ['emergencies'] } });
    await processor.start();
    const expectedActive = [a, b, c, d].sort();
    await waitFor(async () => (await activeSet()).join() === expectedActive.join(), {
      timeoutMs: 30_000,
    });
    await waitFor(
      async () => (await env.redis.sismember(key('em:units:available'), 'eng-free')) === 1,
    );
    await waitFor(
      async () => (await env.redis.hget(key('em:unit:eng-busy'), 'status')) === 'en_route',
    );

    // Redis restarts empty while the processor runs; then a new incident arrives.
    expect(await wipeRedis()).toBeGreaterThan(0);
    expect(await activeSet()).toEqual([]);
    const g = `inc-${env.id}-new`;
    await send('emergency_incident_data', [incident(g, 'reported', 4)]);

    const afterWipe = [...expectedActive, g].sort();
    await waitFor(async () => (await activeSet()).join() === afterWipe.join(), {
      timeoutMs: 30_000,
    });
    expect(await activeInDb()).toEqual(afterWipe);
    expect(await env.redis.hgetall(key(`em:incident:${b}`))).toMatchObject({
      status: 'acknowledged',
      reportedAt: iso(base),
      acknowledgedAt: iso(base + 60_000),
    });
    expect(await env.redis.hget(key(`em:incident:${a}`), 'unitEnRouteAt')).toBe(
      iso(base + 3 * 60_000),
    );
    expect(await env.redis.hgetall(key('em:unit:eng-busy'))).toMatchObject({
      status: 'en_route',
      incidentId: a,
    });
    expect(await env.redis.sismember(key('em:units:available'), 'eng-free')).toBe(1);
    expect(await env.redis.zscore(key('em:units:geo'), 'eng-free')).not.toBeNull();
    // The idle partitions' checkpoints were rewritten from the state in memory.
    const checkpoints = await env.redis.keys(key('processor:checkpoint:emergencies:*'));
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);

    // Redis restarts while the processor is down: the stage state comes from PostgreSQL too.
    await processor.stop();
    processor = undefined;
    await wipeRedis();
    processor = startTestProcessor(env, { config: { domains: ['emergencies'] } });
    await processor.start();
    await send('emergency_incident_data', [incident(c, 'dispatched', 10)]);
    await waitFor(
      async () => (await env.redis.hget(key(`em:incident:${c}`), 'status')) === 'dispatched',
      { timeoutMs: 30_000 },
    );
    // The lifecycle continued from the rebuilt state: reported at minute 0, not at minute 10.
    expect(await env.redis.hgetall(key(`em:incident:${c}`))).toMatchObject({
      reportedAt: iso(base),
      dispatchedAt: iso(base + 10 * 60_000),
      processingSeconds: '600',
    });
    const [row] = await env.prisma.$queryRawUnsafe<{ reported_at: Date }[]>(
      `SELECT reported_at FROM incidents WHERE id = $1`,
      c,
    );
    expect(row!.reported_at.toISOString()).toBe(iso(base));
    // The unit moved incident a to en route (no incident_events row): its step time came back too.
    expect(await env.redis.hgetall(key(`em:incident:${a}`))).toMatchObject({
      status: 'en_route',
      enRouteAt: iso(base + 3 * 60_000),
    });
    expect(await activeSet()).toEqual(await activeInDb());
    // A late event for a resolved incident does not reopen it.
    await send('emergency_incident_data', [incident(e, 'on_scene', 1)]);
    await send('emergency_incident_data', [incident(d, 'on_scene', 11)]);
    await waitFor(
      async () => (await env.redis.hget(key(`em:incident:${d}`), 'status')) === 'on_scene',
      { timeoutMs: 30_000 },
    );
    expect(await env.redis.sismember(key('em:incidents:active'), e)).toBe(0);
    expect(await activeSet()).toEqual(await activeInDb());
  }, 120_000);

  it('vehicles keep their zones: the zone sets come back and no zone is entered twice', async () => {
    const start = Date.now() - 120_000;
    await producer.send({
      topic: env.physical('gps_data'),
      messages: gpsMessages(gpsFleet(3, 2, start, true)),
    });
    vehicles = startTestProcessor(env, { config: { domains: ['vehicles'] } });
    await vehicles.start();
    const enters = async () =>
      env.prisma.$queryRawUnsafe<{ vehicle_id: string; zone_id: string; n: number }[]>(
        `SELECT vehicle_id, zone_id, count(*)::int AS n FROM geofence_transitions
          WHERE transition = 'enter' GROUP BY vehicle_id, zone_id ORDER BY vehicle_id, zone_id`,
      );
    // Committed = every sink of the batch done: the vehicles rows alone can be in PostgreSQL
    // before the same batch's geofence transitions (one statement per table).
    await waitFor(async () => (await committedCount(env, 'vehicles', 'gps_data')) === 6, {
      timeoutMs: 30_000,
    });
    const before = await enters();
    expect(before.length).toBeGreaterThan(0);
    const members = async () =>
      Promise.all(
        before.map(async (e) =>
          env.redis.sismember(key(`zone:${e.zone_id}:vehicles`), e.vehicle_id),
        ),
      );
    // PostgreSQL is written before the batch's Redis MULTI: wait for the zone sets too.
    await waitFor(async () => (await members()).every((m) => m === 1), { timeoutMs: 30_000 });
    expect(await members()).toEqual(before.map(() => 1));

    // Redis restarts while the vehicles processor is down; the same vehicles drive on.
    await vehicles.stop();
    vehicles = undefined;
    await wipeRedis();
    vehicles = startTestProcessor(env, { config: { domains: ['vehicles'] } });
    await vehicles.start();
    const next = gpsFleet(3, 2, start + 60_000, true);
    await producer.send({ topic: env.physical('gps_data'), messages: gpsMessages(next) });
    await waitFor(
      async () =>
        (await env.redis.hget(key('vehicle:car-0'), 'timestamp')) ===
        next[next.length - 3]!.timestamp,
      { timeoutMs: 30_000 },
    );
    await waitFor(async () => (await members()).every((m) => m === 1), { timeoutMs: 10_000 });
    expect(await enters()).toEqual(before);
  }, 120_000);
});
