/**
 * Gateway benchmark: a federated query (vehicles in a bbox with their road segment from the
 * traffic subgraph) at a fixed request rate through the gateway, with the two subgraphs and the
 * gateway running as separate processes (as in `npm run up`) on data written by the real
 * processor stages. Usage: npm run bench:gateway -- [rate=300] [seconds=20] [connections=32]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SignJWT } from 'jose';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { freePort, loadInfraConfig, uniqueName, waitFor } from '@city/infra';
import { isRoutable, loadRoadNetwork } from '@city/roadgraph';
import { fixesAlong, runProcessorStages } from '../tests/processor-fixture.js';
import { REPO_ROOT } from '../src/subgraph-list.js';

const [rate = 300, seconds = 20, connections = 32] = process.argv.slice(2).map(Number);
const infra = loadInfraConfig(process.env, { warn: () => {} });
const prefix = `${uniqueName('bench-gw')}:`;
const redis = new Redis(infra.redisUrl);
const network = loadRoadNetwork();

// 400 vehicles on car roads around downtown San Francisco, 3 minutes of fixes each.
const bbox = { minLat: 37.77, minLon: -122.425, maxLat: 37.8, maxLon: -122.39 };
const segments = network.segments.filter((s) => {
  const lon = s.coords[0]!;
  const lat = s.coords[1]!;
  return (
    isRoutable(s, 'car') &&
    s.lengthM > 60 &&
    lat > bbox.minLat &&
    lat < bbox.maxLat &&
    lon > bbox.minLon &&
    lon < bbox.maxLon
  );
});
const start = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
const fixes = Array.from({ length: 400 }, (_v, i) =>
  fixesAlong(
    network,
    segments[(i * 7919) % segments.length]!.id,
    `bench-${i}`,
    'car',
    10 + (i % 40),
    start,
    3,
  ),
)
  .flat()
  .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
await runProcessorStages(redis, prefix, network, fixes, Date.now());

const ports = { vehicles: await freePort(), traffic: await freePort(), gateway: await freePort() };
const children: ChildProcess[] = [];
const env = {
  ...process.env,
  REDIS_KEY_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  VEHICLES_SUBGRAPH_PORT: String(ports.vehicles),
  TRAFFIC_SUBGRAPH_PORT: String(ports.traffic),
  GATEWAY_PORT: String(ports.gateway),
  VEHICLES_SUBGRAPH_URL: `http://127.0.0.1:${ports.vehicles}/graphql`,
  TRAFFIC_SUBGRAPH_URL: `http://127.0.0.1:${ports.traffic}/graphql`,
};
for (const entry of [
  'subgraphs/vehicles/src/index.ts',
  'subgraphs/traffic/src/index.ts',
  'gateway/src/index.ts',
]) {
  children.push(
    spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
}
const stop = async () => {
  for (const c of children) c.kill('SIGTERM');
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
};

try {
  const base = `http://127.0.0.1:${ports.gateway}`;
  await waitFor(async () => (await fetch(`${base}/health`)).ok, {
    timeoutMs: 60_000,
    description: 'gateway /health',
  });
  const token = await new SignJWT({ roles: ['viewer'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setExpirationTime('1h')
    .sign(
      new TextEncoder().encode(
        process.env.JWT_SECRET ?? 'development-jwt-secret-not-for-production',
      ),
    );
  const body = JSON.stringify({
    query: `query Bench($bbox: BoundingBox) { vehicles(filter: { bbox: $bbox, limit: 25 }) {
      id speed position { latitude longitude } roadSegment { id name currentSpeed congestionLevel } } }`,
    variables: { bbox: { minLat: 37.78, minLon: -122.415, maxLat: 37.795, maxLon: -122.4 } },
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const check = (await (
    await fetch(`${base}/graphql`, { method: 'POST', headers, body })
  ).json()) as { data?: { vehicles: { roadSegment: unknown }[] }; errors?: unknown };
  if (check.errors || !check.data?.vehicles.length)
    throw new Error(`bench query failed: ${JSON.stringify(check).slice(0, 500)}`);
  const crossing = check.data.vehicles.filter((v) => v.roadSegment).length;
  process.stdout.write(
    `query returns ${check.data.vehicles.length} vehicles, ${crossing} with a road segment from traffic\n`,
  );
  // Warm-up (query plan cache, JIT, connections), then the measured run.
  await autocannon({
    url: `${base}/graphql`,
    method: 'POST',
    headers,
    body,
    connections,
    duration: 3,
    overallRate: rate,
  });
  const result = await autocannon({
    url: `${base}/graphql`,
    method: 'POST',
    headers,
    body,
    connections,
    duration: seconds,
    overallRate: rate,
  });
  const summary = {
    targetRate: rate,
    achievedRate: Math.round(result.requests.average),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(
    `goal p99 <= 50 ms at 300 req/s: ${rate >= 300 && result.latency.p99 <= 50 && result.non2xx === 0 ? 'MET' : 'NOT MET'}\n`,
  );
} finally {
  await stop();
}
