import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { isRoutable } from '@city/roadgraph';
import { encodeParquet } from '@city/processor/sinks/parquet-file.js';
import { parquetKey } from '@city/processor/sinks/parquet-sink.js';
import { fixesAlong, runProcessorStages } from './processor-fixture.js';
import { gql, startStack, type Stack } from './stack-harness.js';

let stack: Stack;
let segmentId: number;
let segmentName: string | null;
let operator: string;
const fixStart = Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000;
const trackFixes = [] as ReturnType<typeof fixesAlong>;

beforeAll(async () => {
  stack = await startStack({ maxDepth: 5, maxCost: 20_000 });
  // A long-enough named primary road cars may use: congested traffic on it (10 km/h).
  const seg = stack.network.segments.find(
    (s) => s.highway === 'primary' && s.name && s.lengthM > 150 && isRoutable(s, 'car'),
  )!;
  segmentId = seg.id;
  segmentName = seg.name;
  const fixes = [
    ...fixesAlong(stack.network, seg.id, 'car-1', 'car', 10, fixStart, 6),
    ...fixesAlong(stack.network, seg.id, 'bus-1', 'bus', 8, fixStart, 6),
  ].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  trackFixes.push(...fixes.filter((f) => f.vehicleId === 'car-1'));
  const windows = await runProcessorStages(
    stack.redis,
    stack.prefix,
    stack.network,
    fixes,
    Date.now(),
  );
  await stack.insertWindows(windows);
  // The processor's batch layer: gps_data Parquet, laid out by its own key function.
  const rows = trackFixes.map((event, i) => ({
    partition: 0,
    offset: String(i),
    eventTime: Date.parse(event.timestamp),
    produceTime: Date.parse(event.timestamp),
    event: event as unknown as Record<string, unknown>,
  }));
  const byHour = new Map<number, typeof rows>();
  for (const r of rows) {
    const h = Math.floor(r.eventTime / 3_600_000) * 3_600_000;
    byHour.set(h, [...(byHour.get(h) ?? []), r]);
  }
  for (const [hour, group] of byHour) {
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.s3Bucket,
        Key: parquetKey(stack.s3Prefix, 'gps_data', 0, hour, group[0]!.offset),
        Body: await encodeParquet('gps_data', group),
      }),
    );
  }
  operator = await stack.token(['operator']);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const auth = () => ({ authorization: `Bearer ${operator}` });

describe('federated queries', () => {
  it('crosses subgraphs: vehicles in a bbox with their road segment from traffic', async () => {
    const s = stack.network.segments[segmentId]!;
    const [lon, lat] = [s.coords[0]!, s.coords[1]!];
    const bbox = { minLat: lat - 0.01, minLon: lon - 0.01, maxLat: lat + 0.01, maxLon: lon + 0.01 };
    const { status, body } = await gql(
      stack.url,
      `query($bbox: BoundingBox) { vehicles(filter: { bbox: $bbox }) {
        id type speed roadSegment { id name speedLimit currentSpeed los congestionLevel congested } } }`,
      { variables: { bbox }, headers: auth() },
    );
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const vehicles = body.data!.vehicles as {
      id: string;
      type: string;
      roadSegment: Record<string, unknown>;
    }[];
    expect(vehicles.map((v) => v.id).sort()).toEqual(['bus-1', 'car-1']);
    const car = vehicles.find((v) => v.id === 'car-1')!;
    expect(car.type).toBe('CAR');
    expect(car.roadSegment.id).toBe(String(segmentId));
    expect(car.roadSegment.name).toBe(segmentName);
    expect(car.roadSegment.currentSpeed).toBeCloseTo(9, 0);
    expect(car.roadSegment.congestionLevel).toBe('SEVERE');
    expect(car.roadSegment.congested).toBe(true);
  });

  it('nearest first with near, and the type filter', async () => {
    const s = stack.network.segments[segmentId]!;
    const near = { lat: s.coords[1]!, lon: s.coords[0]!, radiusM: 2000 };
    const { body } = await gql(
      stack.url,
      `query($near: NearInput) { vehicles(filter: { near: $near, types: [BUS] }) { id type } }`,
      { variables: { near }, headers: auth() },
    );
    expect(body.data!.vehicles).toEqual([{ id: 'bus-1', type: 'BUS' }]);
  });

  it('city summary combines vehicles and traffic', async () => {
    const { body } = await gql(
      stack.url,
      `{ citySummary { totalVehicles averageSpeed congestedRoads segmentsObserved } }`,
      { headers: auth() },
    );
    expect(body.errors).toBeUndefined();
    const s = body.data!.citySummary as Record<string, number>;
    expect(s.totalVehicles).toBe(2);
    expect(s.congestedRoads).toBe(1);
    expect(s.averageSpeed).toBeGreaterThan(7);
    expect(s.averageSpeed).toBeLessThan(11);
  });

  it('segment speed history from the durable windows, paginated', async () => {
    const q = `query($id: ID!, $from: DateTime!, $to: DateTime!, $after: String) {
      roadSegment(id: $id) { speedHistory(from: $from, to: $to, window: ONE_MINUTE, first: 2, after: $after) {
        edges { cursor node { windowStart meanSpeed los volume } } pageInfo { hasNextPage endCursor } } } }`;
    const vars = {
      id: String(segmentId),
      from: new Date(fixStart).toISOString(),
      to: new Date(fixStart + 3_600_000).toISOString(),
    };
    const first = await gql(stack.url, q, { variables: vars, headers: auth() });
    expect(first.body.errors).toBeUndefined();
    const page1 = (
      first.body.data!.roadSegment as {
        speedHistory: {
          edges: { node: { windowStart: string; volume: number } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }
    ).speedHistory;
    expect(page1.edges).toHaveLength(2);
    expect(page1.edges[0]!.node.windowStart).toBe(new Date(fixStart).toISOString());
    expect(page1.edges[0]!.node.volume).toBe(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await gql(stack.url, q, {
      variables: { ...vars, after: page1.pageInfo.endCursor },
      headers: auth(),
    });
    const page2 = (
      second.body.data!.roadSegment as {
        speedHistory: { edges: { node: { windowStart: string } }[] };
      }
    ).speedHistory;
    expect(page2.edges[0]!.node.windowStart).toBe(new Date(fixStart + 2 * 60_000).toISOString());
  });

  it('a vehicle track from the Parquet batch layer, paginated', async () => {
    const q = `query($from: DateTime!, $to: DateTime!, $after: String) {
      vehicleTrack(vehicleId: "car-1", from: $from, to: $to, first: 20, after: $after) {
        edges { node { timestamp speed } } pageInfo { hasNextPage endCursor } } }`;
    const vars = {
      from: new Date(fixStart).toISOString(),
      to: new Date(fixStart + 3_600_000).toISOString(),
    };
    const page1 = await gql(stack.url, q, { variables: vars, headers: auth() });
    expect(page1.body.errors).toBeUndefined();
    const c1 = page1.body.data!.vehicleTrack as {
      edges: { node: { timestamp: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    expect(c1.edges).toHaveLength(20);
    expect(c1.edges[0]!.node.timestamp).toBe(trackFixes[0]!.timestamp);
    expect(c1.pageInfo.hasNextPage).toBe(true);
    const page2 = await gql(stack.url, q, {
      variables: { ...vars, after: c1.pageInfo.endCursor },
      headers: auth(),
    });
    const c2 = page2.body.data!.vehicleTrack as {
      edges: { node: { timestamp: string } }[];
      pageInfo: { hasNextPage: boolean };
    };
    expect(c2.edges.map((e) => e.node.timestamp)).toEqual(
      trackFixes.slice(20).map((f) => f.timestamp),
    );
    expect(c2.pageInfo.hasNextPage).toBe(false);
  });

  it('names the bad field with BAD_USER_INPUT', async () => {
    const { body } = await gql(
      stack.url,
      `{ vehicles(filter: { near: { lat: 37.7, lon: -122.4, radiusM: -5 } }) { id } }`,
      { headers: auth() },
    );
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0]!.extensions!.field).toBe('filter.near.radiusM');
  });
});

describe('auth and limits', () => {
  const q = '{ vehicles { id } }';

  it('refuses a request without a credential (401 UNAUTHENTICATED)', async () => {
    const { status, body } = await gql(stack.url, q);
    expect(status).toBe(401);
    expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a bad signature and an expired token', async () => {
    const forged = await stack.token(['operator'], {
      secret: 'another-secret-another-secret-012345',
    });
    const bad = await gql(stack.url, q, { headers: { authorization: `Bearer ${forged}` } });
    expect(bad.status).toBe(401);
    expect(bad.body.errors![0]!.message).toMatch(/signature/);
    const expired = await stack.token(['operator'], { expiresIn: '-1m' });
    const old = await gql(stack.url, q, { headers: { authorization: `Bearer ${expired}` } });
    expect(old.status).toBe(401);
    expect(old.body.errors![0]!.message).toMatch(/expired/);
  });

  it('enforces roles in the subgraph (viewer may not read tracks: FORBIDDEN)', async () => {
    const viewer = await stack.token(['viewer']);
    const { body } = await gql(
      stack.url,
      `{ vehicleTrack(vehicleId: "car-1", from: "2026-01-01T00:00:00Z", to: "2026-01-01T01:00:00Z") { edges { cursor } } }`,
      { headers: { authorization: `Bearer ${viewer}` } },
    );
    expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('accepts an API key and answers 429 with Retry-After over its rate limit', async () => {
    const key = await stack.createApiKey(['viewer'], 2);
    const headers = { 'x-api-key': key };
    expect((await gql(stack.url, q, { headers })).status).toBe(200);
    expect((await gql(stack.url, q, { headers })).status).toBe(200);
    const third = await gql(stack.url, q, { headers });
    expect(third.status).toBe(429);
    expect(third.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    const unknown = await gql(stack.url, q, { headers: { 'x-api-key': 'ck_unknown' } });
    expect(unknown.status).toBe(401);
  });

  it('refuses queries that are too deep or too costly before calling subgraphs', async () => {
    const deep = await gql(
      stack.url,
      `{ vehicles { roadSegment { speedHistory(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { edges { node { meanSpeed } } } } } }`,
      { headers: auth() },
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(deep.body.errors![0]!.message).toMatch(/depth 6 exceeds the maximum of 5/);
    const costly = await gql(
      stack.url,
      `{ vehicles(filter: { limit: 5000 }) { id roadSegment { id geometry { latitude } } } }`,
      { headers: auth() },
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors![0]!.message).toMatch(/cost \d+ exceeds the maximum of 20000/);
  });

  it('subgraphs refuse calls that do not come from the gateway', async () => {
    const res = await fetch(stack.subgraphUrls.vehicles!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-claims': 'e30' },
      body: JSON.stringify({ query: '{ vehicles { id } }' }),
    });
    expect(res.status).toBe(403);
  });

  it('CSRF prevention refuses a simple cross-site GET', async () => {
    const res = await fetch(`${stack.url}?query=${encodeURIComponent(q)}`, { headers: auth() });
    expect(res.status).toBe(400);
  });
});

describe('REST compatibility', () => {
  const get = async (path: string) => {
    const res = await fetch(`${stack.base}${path}`, { headers: auth() });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('GET /api/vehicles/locations', async () => {
    const { status, body } = await get('/api/vehicles/locations?limit=1');
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    const v = (body as Record<string, unknown>[])[0]!;
    expect(Object.keys(v).sort()).toEqual([
      'direction',
      'latitude',
      'longitude',
      'speed',
      'timestamp',
      'vehicle_id',
    ]);
    expect(v.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('GET /api/traffic/live/{road_id} and a JSON 404', async () => {
    const live = await get(`/api/traffic/live/${segmentId}`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({
      road_id: String(segmentId),
      vehicle_count: 2,
      congestion_level: 'severe',
    });
    expect(Object.keys(live.body as object).sort()).toEqual([
      'average_speed',
      'congestion_level',
      'road_id',
      'timestamp',
      'vehicle_count',
    ]);
    const missing = await get('/api/traffic/live/999999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'not_found' });
  });

  // /api/analytics/city-summary needs all four subgraphs: tested in subgraphs/emergencies/tests.
  it('GET /api/stats', async () => {
    const stats = await get('/api/stats');
    expect(stats.body).toMatchObject({ total_vehicles: 2, vehicles_by_type: { car: 1, bus: 1 } });
  });

  it('GET /api/health and /health aggregate the subgraphs', async () => {
    const res = await fetch(`${stack.base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'healthy',
      services: { vehicles: 'up', traffic: 'up', redis: 'up' },
    });
    const h = await fetch(`${stack.base}/health`);
    expect(((await h.json()) as { status: string }).status).toBe('ok');
  });

  it('serves GraphiQL from local assets on GET /graphql in a browser, and /metrics', async () => {
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/graphiql/graphiql.js');
    const js = await fetch(`${stack.base}/graphiql/graphiql.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(100_000);
    const metrics = await (await fetch(`${stack.base}/metrics`)).text();
    expect(metrics).toContain('gateway_auth_failures_total');
  });
});
