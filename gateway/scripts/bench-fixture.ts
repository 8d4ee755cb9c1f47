import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import { isRoutable, loadRoadNetwork } from '@city/roadgraph';
import { fixesAlong, runProcessorStages } from '../tests/processor-fixture.js';

/**
 * The gateway benchmarks' data: 400 vehicles on car roads around downtown San Francisco,
 * 3 minutes of fixes each, run through the real processor stages into Redis under `prefix`.
 */
export async function seedBenchVehicles(redis: Redis, prefix: string): Promise<void> {
  const network = loadRoadNetwork();
  const area = { minLat: 37.77, minLon: -122.425, maxLat: 37.8, maxLon: -122.39 };
  const segments = network.segments.filter((s) => {
    const lon = s.coords[0]!;
    const lat = s.coords[1]!;
    return (
      isRoutable(s, 'car') &&
      s.lengthM > 60 &&
      lat > area.minLat &&
      lat < area.maxLat &&
      lon > area.minLon &&
      lon < area.maxLon
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
}

/** The federated bench query: 25 vehicles in a bbox with their road segment from traffic. */
export const BENCH_QUERY_BODY = JSON.stringify({
  query: `query Bench($bbox: BoundingBox) { vehicles(filter: { bbox: $bbox, limit: 25 }) {
      id speed position { latitude longitude } roadSegment { id name currentSpeed congestionLevel } } }`,
  variables: { bbox: { minLat: 37.78, minLon: -122.415, maxLat: 37.795, maxLon: -122.4 } },
});

/** A viewer's HS256 token for an hour. */
export function benchToken(jwtSecret: string): Promise<string> {
  return new SignJWT({ roles: ['viewer'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(jwtSecret));
}

/** CPU seconds (user + system) a process used so far, from /proc (Linux only). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Stops the benchmark's servers (SIGTERM, waiting for each to exit so CPU profiles are written)
 * and removes the run's Redis keys.
 */
export async function stopBench(
  children: readonly ChildProcess[],
  redis: Redis,
  prefix: string,
): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((done) => {
          if (c.exitCode !== null) return done();
          c.once('exit', () => done());
          c.kill('SIGTERM');
        }),
    ),
  );
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
