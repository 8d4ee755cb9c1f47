import { encodeEvent, type GpsEvent } from '@city/contracts';
import { waitFor } from '@city/infra';
import { isRoutable } from '@city/roadgraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Change } from '@city/processor/pipeline/types.js';
import { changeChannel, createChangeFeed } from '@city/processor/sinks/change-feed.js';
import type { Processor } from '@city/processor/runtime/create-processor.js';
import {
  createTestEnv,
  infra,
  startTestProcessor,
  type TestEnv,
} from '../../../processor/tests/harness.js';
import { fixesAlong } from '../processor-fixture.js';
import { collect, startLiveStack, type LiveStack } from './live-stack.js';

let env: TestEnv;
let stack: LiveStack;
let processor: Processor | undefined;
let viewer: string;

beforeAll(async () => {
  env = await createTestEnv(1);
  stack = await startLiveStack(
    { ...env, s3Bucket: infra.s3Bucket },
    { highWaterBytes: 64 * 1024, queueLimit: 16 },
  );
  viewer = await stack.token(['viewer']);
}, 120_000);

afterAll(async () => {
  await processor?.stop();
  await stack?.stop();
  await env?.cleanup();
});

const feed = () => createChangeFeed(env.redis, env.redisKeyPrefix);

/** Waits until the subgraph's single feed connection listens on the domain's channel. */
async function feedListening(domain: 'vehicles' | 'traffic') {
  const channel = changeChannel(env.redisKeyPrefix, domain);
  await waitFor(async () => {
    const [, n] = (await env.redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(n) >= 1;
  });
}

function vehicleChange(
  id: string,
  vehicleType: string,
  latitude: number,
  longitude: number,
  produceTime = Date.now(),
): Change {
  const fields = {
    vehicleType,
    latitude,
    longitude,
    speedKmh: 30,
    headingDeg: 90,
    segmentId: -1,
    speedLimitKmh: -1,
    speeding: 0,
    active: 1,
    timestamp: new Date().toISOString(),
  };
  return {
    domain: 'vehicles',
    entity: 'Vehicle',
    id,
    fields: Object.keys(fields),
    data: { id, ...fields },
    produceTime,
  };
}

const segmentChange = (id: number, los: string): Change => ({
  domain: 'traffic',
  entity: 'RoadSegment',
  id: String(id),
  fields: ['los', 'congested'],
  data: { los, congested: los === 'E' || los === 'F' ? 1 : 0 },
  produceTime: Date.now(),
});

interface Batch {
  vehiclesMoved: {
    vehicles: {
      id: string;
      type: string;
      roadSegment: { id: string; name: string | null } | null;
    }[];
    removedIds: string[];
    newestProducedAt: number;
  };
}

describe('subscriptions through the gateway', () => {
  it('delivers a GPS fix produced to Kafka through the processor, with a field from traffic', async () => {
    const seg = stack.network.segments.find(
      (s) => s.highway === 'primary' && s.name && s.lengthM > 150 && isRoutable(s, 'car'),
    )!;
    const client = stack.client(viewer);
    const sub = collect<Batch>(
      client,
      `subscription($ids: [ID!]) { vehiclesMoved(filter: { ids: $ids }, intervalMs: 250) {
        vehicles { id type speed roadSegment { id name } } removedIds newestProducedAt } }`,
      { ids: ['kafka-car-1'] },
    );
    await feedListening('vehicles');
    processor = startTestProcessor(env);
    await processor.start();
    const fixes: GpsEvent[] = fixesAlong(
      stack.network,
      seg.id,
      'kafka-car-1',
      'car',
      30,
      Date.now() - 60_000,
      1,
    );
    const producer = env.kafka.producer();
    await producer.connect();
    const before = Date.now();
    await producer.send({
      topic: env.physical('gps_data'),
      messages: fixes.map((f) => encodeEvent('gps_data', f)),
    });
    await producer.disconnect();
    const vehicle = await waitFor(
      () =>
        sub.results.flatMap((r) => r.data?.vehiclesMoved.vehicles ?? []).find((v) => v.roadSegment),
      { timeoutMs: 30_000 },
    );
    expect(sub.results.every((r) => !r.errors)).toBe(true);
    expect(vehicle.id).toBe('kafka-car-1');
    expect(vehicle.type).toBe('CAR');
    const name = stack.network.segments[Number(vehicle.roadSegment!.id)]!.name;
    expect(vehicle.roadSegment!.name).toBe(name);
    expect(sub.results[0]!.data!.vehiclesMoved.newestProducedAt).toBeGreaterThanOrEqual(
      before - 1000,
    );
    sub.stop();
  });

  it('filters vehicle batches by bbox, types and ids, and reports vehicles leaving the filter', async () => {
    const client = stack.client(viewer);
    const q = `subscription($f: VehicleStreamFilter) { vehiclesMoved(filter: $f, intervalMs: 250) {
      vehicles { id type } removedIds } }`;
    const bbox = { minLat: 37.7, minLon: -122.45, maxLat: 37.75, maxLon: -122.4 };
    const byBbox = collect<Batch>(client, q, { f: { bbox } });
    const byType = collect<Batch>(client, q, { f: { types: ['BUS'] } });
    const byId = collect<Batch>(client, q, { f: { ids: ['f-3'] } });
    await waitFor(() => stack.vehicles.activeSubscriptions() >= 3);
    await feedListening('vehicles');
    await feed().publish('vehicles', [
      vehicleChange('f-1', 'car', 37.72, -122.42),
      vehicleChange('f-2', 'bus', 37.8, -122.3),
      vehicleChange('f-3', 'car', 37.8, -122.3),
    ]);
    const ids = (s: typeof byBbox) =>
      s.results.flatMap((r) => r.data?.vehiclesMoved.vehicles.map((v) => v.id) ?? []);
    await waitFor(() => ids(byBbox).length > 0 && ids(byType).length > 0 && ids(byId).length > 0);
    // f-1 drives out of the bbox: the bbox subscription is told to remove it.
    await feed().publish('vehicles', [vehicleChange('f-1', 'car', 37.9, -122.42)]);
    await waitFor(() =>
      byBbox.results.some((r) => r.data?.vehiclesMoved.removedIds.includes('f-1')),
    );
    expect(ids(byBbox)).toEqual(['f-1']);
    expect(ids(byType)).toEqual(['f-2']);
    expect(ids(byId)).toEqual(['f-3']);
    for (const s of [byBbox, byType, byId]) s.stop();
  });

  it('filters congestion changes by bbox and level, recoveries included', async () => {
    const [a, b] = [stack.network.segments[100]!, stack.network.segments[10_000]!];
    const [lon, lat] = [a.coords[0]!, a.coords[1]!];
    const bbox = {
      minLat: lat - 0.001,
      minLon: lon - 0.001,
      maxLat: lat + 0.001,
      maxLon: lon + 0.001,
    };
    expect(
      b.coords[1]! < bbox.minLat ||
        b.coords[1]! > bbox.maxLat ||
        b.coords[0]! < bbox.minLon ||
        b.coords[0]! > bbox.maxLon,
    ).toBe(true);
    const client = stack.client(viewer);
    const sub = collect<{
      segmentCongestionChanged: {
        segment: { id: string; name: string | null };
        level: string;
        previousLevel: string | null;
      };
    }>(
      client,
      `subscription($bbox: BoundingBox) { segmentCongestionChanged(filter: { bbox: $bbox, minLevel: HEAVY }) {
        segment { id name } level previousLevel } }`,
      { bbox },
    );
    await waitFor(() => stack.traffic.activeSubscriptions() >= 1);
    await feedListening('traffic');
    await feed().publish('traffic', [segmentChange(a.id, 'F'), segmentChange(b.id, 'F')]);
    await waitFor(() => sub.results.length >= 1);
    await feed().publish('traffic', [segmentChange(a.id, 'B')]);
    await feed().publish('traffic', [segmentChange(a.id, 'C')]);
    await feed().publish('traffic', [segmentChange(a.id, 'E')]);
    await waitFor(() => sub.results.length >= 3);
    expect(sub.results.map((r) => r.data!.segmentCongestionChanged)).toEqual([
      { segment: { id: String(a.id), name: a.name }, level: 'SEVERE', previousLevel: null },
      { segment: { id: String(a.id), name: a.name }, level: 'FREE', previousLevel: 'SEVERE' },
      { segment: { id: String(a.id), name: a.name }, level: 'HEAVY', previousLevel: 'MODERATE' },
    ]);
    sub.stop();
  });

  it('ticks the city summary with fields of two subgraphs', async () => {
    const sub = collect<{ citySummaryTick: { averageSpeed: number; totalVehicles: number } }>(
      stack.client(viewer),
      `subscription { citySummaryTick(intervalMs: 1000) { averageSpeed congestedRoads totalVehicles } }`,
    );
    await waitFor(() => sub.results.length >= 2, { timeoutMs: 5000 });
    expect(sub.results[0]!.errors).toBeUndefined();
    expect(typeof sub.results[0]!.data!.citySummaryTick.totalVehicles).toBe('number');
    expect(typeof sub.results[0]!.data!.citySummaryTick.averageSpeed).toBe('number');
    sub.stop();
  });

  it('shares one upstream subscription among identical subscribers (same roles)', async () => {
    await waitFor(
      async () => (await stack.metric('gateway_subscription_upstream_operations')) === 0,
    );
    const q = `subscription { vehicleMoved(id: "dedup-1") { id speed } }`;
    const subs = Array.from({ length: 5 }, () => collect(stack.client(viewer), q));
    await waitFor(async () => (await stack.metric('gateway_subscription_client_operations')) === 5);
    await waitFor(() => stack.vehicles.activeSubscriptions() === 1);
    expect(await stack.metric('gateway_subscription_upstream_operations')).toBe(1);
    // Another auth scope (roles) is another upstream subscription.
    const other = collect(stack.client(await stack.token(['operator'])), q);
    await waitFor(() => stack.vehicles.activeSubscriptions() === 2);
    expect(await stack.metric('gateway_subscription_upstream_operations')).toBe(2);
    await feedListening('vehicles');
    const events = await stack.metric('gateway_subscription_events_total', {
      field: 'vehicleMoved',
    });
    await feed().publish('vehicles', [vehicleChange('dedup-1', 'car', 37.7, -122.4)]);
    await waitFor(() => [...subs, other].every((s) => s.results.length === 1));
    expect(subs.map((s) => s.results[0])).toEqual(
      Array(5).fill({ data: { vehicleMoved: { id: 'dedup-1', speed: 30 } } }),
    );
    // One execution per event per shared subscription: 2, not 6.
    expect(await stack.metric('gateway_subscription_events_total', { field: 'vehicleMoved' })).toBe(
      events + 2,
    );
    for (const s of [...subs, other]) s.stop();
    await waitFor(() => stack.vehicles.activeSubscriptions() === 0);
  });

  it('refuses a connection without a valid credential with 4403', async () => {
    for (const params of [{}, { authorization: 'Bearer not-a-jwt' }]) {
      const ws = new WebSocket(stack.wsUrl, 'graphql-transport-ws');
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'connection_init', payload: params }));
      const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
      expect(code).toBe(4403);
    }
  });

  it('closes the socket with 4401 when the token expires', async () => {
    let closed = 0;
    const client = stack.client(await stack.token(['viewer'], '2s'), (code) => (closed = code));
    const sub = collect(client, `subscription { vehicleMoved(id: "x") { id } }`);
    await waitFor(() => closed !== 0, { timeoutMs: 10_000 });
    expect(closed).toBe(4401);
    expect(sub.state.error).toBeTruthy();
  });

  it('re-subscribes upstream after the subgraph restarts', async () => {
    const sub = collect<{ vehicleMoved: { id: string } }>(
      stack.client(viewer),
      `subscription { vehicleMoved(id: "restart-1") { id } }`,
    );
    await waitFor(() => stack.vehicles.activeSubscriptions() === 1);
    const retries = await stack.metric('gateway_subscription_upstream_connects_total', {
      subgraph: 'vehicles',
      retry: 'true',
    });
    await stack.restartVehicles();
    await waitFor(
      async () =>
        (await stack.metric('gateway_subscription_upstream_connects_total', {
          subgraph: 'vehicles',
          retry: 'true',
        })) > retries,
      { timeoutMs: 15_000 },
    );
    await waitFor(() => stack.vehicles.activeSubscriptions() === 1);
    await feedListening('vehicles');
    await feed().publish('vehicles', [vehicleChange('restart-1', 'car', 37.7, -122.4)]);
    await waitFor(() => sub.results.length === 1);
    expect(sub.results[0]!.data!.vehicleMoved.id).toBe('restart-1');
    sub.stop();
  });

  it('a paused client does not delay a fast one; its queue drops oldest frames', async () => {
    const q = `subscription { segmentCongestionChanged { segment { id name geometry { latitude longitude } } level } }`;
    const fast = collect(stack.client(viewer), q);
    // The slow client speaks the protocol by hand, then stops reading its socket.
    const slow = new WebSocket(stack.wsUrl, 'graphql-transport-ws');
    let slowFrames = 0;
    slow.on('message', () => (slowFrames += 1));
    await new Promise((r) => slow.once('open', r));
    slow.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${viewer}` } }),
    );
    await new Promise((r) => slow.once('message', r));
    slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: q } }));
    await waitFor(async () => (await stack.metric('gateway_subscription_client_operations')) === 2);
    await feedListening('traffic');
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const received = slowFrames;

    const SEGMENTS = 4000;
    const ROUNDS = 6;
    // Round by round: the fast client gets every frame of a round while the slow one, stuck,
    // stays stuck (the fast client runs in this process, so an unpaced burst would starve it too).
    for (let round = 0; round < ROUNDS; round++) {
      const los = round % 2 === 0 ? 'F' : 'A';
      await feed().publish(
        'traffic',
        Array.from({ length: SEGMENTS }, (_, i) => segmentChange(5_000 + i, los)),
      );
      await waitFor(() => fast.results.length === SEGMENTS * (round + 1), { timeoutMs: 60_000 });
    }
    expect(
      await stack.metric('gateway_subscription_frames_dropped_total', { stage: 'socket' }),
    ).toBeGreaterThan(0);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => slowFrames - received > 0);
    expect(slowFrames - received).toBeLessThan(SEGMENTS * ROUNDS);
    slow.close();
    fast.stop();
  }, 90_000);
});
