/**
 * Gateway benchmark: a federated query (vehicles in a bbox with their road segment from the
 * traffic subgraph) at a fixed request rate through the gateway, with the two subgraphs and the
 * gateway running as separate processes (as in `npm run up`) on data written by the real
 * processor stages. Usage: npm run bench:gateway -- [rate=300] [seconds=20] [connections=32] [runs=1]
 * With several runs, each is reported and the medians summarised (the machine is shared, so one
 * run is noisy). BENCH_CPU_PROF=<dir> starts the three servers with `--cpu-prof` into <dir>;
 * BENCH_SERVER_NODE_OPTIONS adds V8 flags to the three servers; BENCH_WARMUP_S (default 15) the
 * paced warm-up before the measured runs.
 * The servers run with NODE_ENV=production as deployed (Dockerfile, docker-compose.yml), with
 * secrets made up for the run; BENCH_NODE_ENV=development measures the development mode.
 * Load: evenly paced open-loop requests (paced-load.ts); BENCH_LOADGEN=autocannon uses
 * autocannon's `overallRate`, which sends each second's requests in one burst.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { freePort, loadInfraConfig, uniqueName, waitFor } from '@city/infra';
import { REPO_ROOT } from '../src/subgraph-list.js';
import { runPacedLoad } from './paced-load.js';
import {
  BENCH_QUERY_BODY,
  benchToken,
  cpuSecondsOf,
  seedBenchVehicles,
  stopBench,
} from './bench-fixture.js';

const [rate = 300, seconds = 20, connections = 32, runs = 1] = process.argv.slice(2).map(Number);
const cpuProfDir = process.env.BENCH_CPU_PROF;
const infra = loadInfraConfig(process.env, { warn: () => {} });
const prefix = `${uniqueName('bench-gw')}:`;
const redis = new Redis(infra.redisUrl);
await seedBenchVehicles(redis, prefix);

const ports = { vehicles: await freePort(), traffic: await freePort(), gateway: await freePort() };
const children: ChildProcess[] = [];
const nodeEnv = process.env.BENCH_NODE_ENV ?? 'production';
const loadgen = process.env.BENCH_LOADGEN === 'autocannon' ? 'autocannon' : 'paced';
const jwtSecret =
  nodeEnv === 'production'
    ? randomBytes(32).toString('hex')
    : (process.env.JWT_SECRET ?? 'development-jwt-secret-not-for-production');
const env = {
  ...process.env,
  NODE_ENV: nodeEnv,
  ...(nodeEnv === 'production'
    ? {
        JWT_SECRET: jwtSecret,
        GATEWAY_SHARED_SECRET: randomBytes(24).toString('hex'),
        S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID ?? 'S3RVER',
        S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY ?? 'S3RVER',
      }
    : {}),
  REDIS_KEY_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  VEHICLES_SUBGRAPH_PORT: String(ports.vehicles),
  TRAFFIC_SUBGRAPH_PORT: String(ports.traffic),
  GATEWAY_PORT: String(ports.gateway),
  VEHICLES_SUBGRAPH_URL: `http://127.0.0.1:${ports.vehicles}/graphql`,
  TRAFFIC_SUBGRAPH_URL: `http://127.0.0.1:${ports.traffic}/graphql`,
};
// BENCH_SERVER_NODE_OPTIONS="--max-semi-space-size=64": V8 flags of the three servers, for A/Bs.
const serverNodeFlags = process.env.BENCH_SERVER_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];
for (const entry of [
  'subgraphs/vehicles/src/index.ts',
  'subgraphs/traffic/src/index.ts',
  'gateway/src/index.ts',
]) {
  children.push(
    spawn(
      process.execPath,
      [
        ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
        ...serverNodeFlags,
        '--import',
        'tsx',
        entry,
      ],
      {
        cwd: REPO_ROOT,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
}
const names = ['vehicles', 'traffic', 'gateway'] as const;
/** CPU seconds (user + system) each server used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(): Record<(typeof names)[number], number> | null {
  try {
    return Object.fromEntries(children.map((c, i) => [names[i]!, cpuSecondsOf(c.pid!)])) as Record<
      (typeof names)[number],
      number
    >;
  } catch {
    return null;
  }
}
const stop = () => stopBench(children, redis, prefix);

try {
  const base = `http://127.0.0.1:${ports.gateway}`;
  // Only the two subgraphs of the query run; the gateway's /health also lists the others.
  await waitFor(
    async () => {
      const h = (await (await fetch(`${base}/health`)).json()) as {
        subgraphs?: Record<string, { ok: boolean }>;
      };
      return Boolean(h.subgraphs?.vehicles?.ok && h.subgraphs.traffic?.ok);
    },
    { timeoutMs: 180_000, description: 'gateway /health with vehicles and traffic up' },
  );
  const token = await benchToken(jwtSecret);
  const body = BENCH_QUERY_BODY;
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
  // Warm-up (query plan cache, JIT, connections) at the measured rate, then the measured runs:
  // with 3 s the first run still paid for the JIT (bench:ab measured round 1 up to 2x round 3).
  const warmupS = Number(process.env.BENCH_WARMUP_S ?? 15);
  process.stdout.write(`warm-up: ${warmupS} s at ${rate} req/s\n`);
  await runPacedLoad({
    url: `${base}/graphql`,
    headers,
    body,
    rate,
    seconds: warmupS,
    connections,
  });
  type Summary = {
    achievedRate: number;
    requests: number;
    non2xx: number;
    errors: number;
    timeouts: number;
    latencyMs: { p50: number; p90: number; p99: number; max: number };
    /** CPU milliseconds per request in each server process (less sensitive to other load). */
    cpuMsPerRequest?: Record<string, number>;
  };
  const summaries: Summary[] = [];
  const autocannonRun = async (): Promise<Summary> => {
    const result = await autocannon({
      url: `${base}/graphql`,
      method: 'POST',
      headers,
      body,
      connections,
      duration: seconds,
      overallRate: rate,
    });
    return {
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
  };
  for (let run = 1; run <= runs; run++) {
    const cpuBefore = cpuSeconds();
    const clientBefore = process.cpuUsage();
    const summary: Summary =
      loadgen === 'autocannon'
        ? await autocannonRun()
        : {
            ...(await runPacedLoad({
              url: `${base}/graphql`,
              headers,
              body,
              rate,
              seconds,
              connections,
            })),
            timeouts: 0,
          };
    const cpuAfter = cpuSeconds();
    const client = process.cpuUsage(clientBefore);
    if (cpuBefore && cpuAfter && summary.requests > 0) {
      const perRequest = (seconds: number) =>
        Math.round((seconds * 1000 * 100) / summary.requests) / 100;
      summary.cpuMsPerRequest = {
        ...Object.fromEntries(names.map((n) => [n, perRequest(cpuAfter[n] - cpuBefore[n])])),
        // The load generator runs in this process: it shares the same 2 cores with the servers.
        client: perRequest((client.user + client.system) / 1e6),
      };
    }
    summaries.push(summary);
    process.stdout.write(`run ${run}/${runs}: ${JSON.stringify(summary)}\n`);
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const pick = (f: (s: Summary) => number) => median(summaries.map(f));
  const overall = {
    targetRate: rate,
    runs,
    nodeEnv,
    loadgen,
    median: {
      achievedRate: pick((s) => s.achievedRate),
      p50: pick((s) => s.latencyMs.p50),
      p90: pick((s) => s.latencyMs.p90),
      p99: pick((s) => s.latencyMs.p99),
      max: pick((s) => s.latencyMs.max),
      cpuMsPerRequest: Object.fromEntries(
        [...names, 'client'].map((n) => [n, pick((s) => s.cpuMsPerRequest?.[n] ?? NaN)]),
      ),
    },
    non2xx: summaries.reduce((n, s) => n + s.non2xx + s.errors + s.timeouts, 0),
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
  };
  process.stdout.write(`${JSON.stringify(overall, null, 2)}\n`);
  const met =
    rate >= 300 &&
    overall.median.p99 <= 50 &&
    overall.non2xx === 0 &&
    overall.median.achievedRate >= rate * 0.98;
  process.stdout.write(`goal p99 <= 50 ms at 300 req/s: ${met ? 'MET' : 'NOT MET'}\n`);
} finally {
  await stop();
}
