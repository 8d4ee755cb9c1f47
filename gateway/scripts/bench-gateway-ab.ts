/**
 * Paired A/B comparison of the gateway path for a shared machine: two checkouts (A and B) run
 * their vehicles and traffic subgraphs and gateway AT THE SAME TIME on the same Redis data, and
 * one closed-loop client keeps `concurrency` bench queries in flight against each gateway. The
 * load other work puts on the machine then hits both arms alike, so the ratio B/A of CPU ms per
 * request (from /proc) is comparable even when the absolute numbers are not.
 * Usage: npm run bench:ab -w @city/gateway -- <dirA> <dirB> [seconds=15] [concurrency=4] [rounds=3]
 * A directory is a checkout with node_modules (e.g. `git worktree add`, then link node_modules).
 * The servers run with NODE_ENV=production (BENCH_NODE_ENV overrides) and made-up secrets.
 * BENCH_A_NODE_ARGS / BENCH_B_NODE_ARGS add node flags to one arm (e.g. the same checkout twice,
 * B with `--max-semi-space-size=16`); BENCH_A_NODE_ENV / BENCH_B_NODE_ENV set one arm's NODE_ENV;
 * BENCH_A_IMPORT / BENCH_B_IMPORT replace the `--import tsx` loader of one arm (e.g. `tsx/esm`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, loadInfraConfig, uniqueName, waitFor } from '@city/infra';
import {
  BENCH_QUERY_BODY,
  benchToken,
  cpuSecondsOf,
  seedBenchVehicles,
  stopBench,
} from './bench-fixture.js';

const [dirA, dirB, ...rest] = process.argv.slice(2);
if (!dirA || !dirB)
  throw new Error('usage: bench-gateway-ab <dirA> <dirB> [seconds] [conc] [rounds]');
const [seconds = 15, concurrency = 4, rounds = 3] = rest.map(Number);
const infra = loadInfraConfig(process.env, { warn: () => {} });
const prefix = `${uniqueName('bench-gwab')}:`;
const redis = new Redis(infra.redisUrl);
await seedBenchVehicles(redis, prefix);

const nodeEnv = process.env.BENCH_NODE_ENV ?? 'production';
const jwtSecret = randomBytes(32).toString('hex');
const gatewaySecret = randomBytes(24).toString('hex');
const names = ['vehicles', 'traffic', 'gateway'] as const;
const entries = [
  'subgraphs/vehicles/src/index.ts',
  'subgraphs/traffic/src/index.ts',
  'gateway/src/index.ts',
];

interface Arm {
  readonly label: string;
  readonly port: number;
  readonly children: ChildProcess[];
}
async function startArm(label: string, dir: string): Promise<Arm> {
  const nodeArgs = (process.env[`BENCH_${label}_NODE_ARGS`] ?? '').split(' ').filter(Boolean);
  const loader = process.env[`BENCH_${label}_IMPORT`] ?? 'tsx';
  const ports = {
    vehicles: await freePort(),
    traffic: await freePort(),
    gateway: await freePort(),
  };
  const env = {
    ...process.env,
    NODE_ENV: process.env[`BENCH_${label}_NODE_ENV`] ?? nodeEnv,
    JWT_SECRET: jwtSecret,
    GATEWAY_SHARED_SECRET: gatewaySecret,
    S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID ?? 'S3RVER',
    S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY ?? 'S3RVER',
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    VEHICLES_SUBGRAPH_PORT: String(ports.vehicles),
    TRAFFIC_SUBGRAPH_PORT: String(ports.traffic),
    GATEWAY_PORT: String(ports.gateway),
    VEHICLES_SUBGRAPH_URL: `http://127.0.0.1:${ports.vehicles}/graphql`,
    TRAFFIC_SUBGRAPH_URL: `http://127.0.0.1:${ports.traffic}/graphql`,
  };
  const children = entries.map((entry) =>
    spawn(process.execPath, [...nodeArgs, '--import', loader, entry], {
      cwd: resolve(dir),
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  return { label, port: ports.gateway, children };
}

function cpuSeconds(arm: Arm): number[] {
  return arm.children.map((c) => cpuSecondsOf(c.pid!));
}

const arms = [await startArm('A', dirA), await startArm('B', dirB)];
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
try {
  for (const arm of arms) {
    await waitFor(
      async () => {
        const h = (await (await fetch(`http://127.0.0.1:${arm.port}/health`)).json()) as {
          subgraphs?: Record<string, { ok: boolean }>;
        };
        return Boolean(h.subgraphs?.vehicles?.ok && h.subgraphs.traffic?.ok);
      },
      { timeoutMs: 180_000, description: `arm ${arm.label} up` },
    );
  }
  const token = await benchToken(jwtSecret);
  const body = BENCH_QUERY_BODY;
  const post = (port: number) =>
    new Promise<{ ms: number; text: string; status: number }>((ok, fail) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            ok({
              ms: performance.now() - t0,
              text: Buffer.concat(chunks).toString(),
              status: res.statusCode ?? 0,
            }),
          );
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  const [a, b] = await Promise.all(arms.map((arm) => post(arm.port)));
  if (a!.status !== 200 || a!.text !== b!.text || !a!.text.includes('congestionLevel'))
    throw new Error(
      `arms answer differently:\nA ${a!.text.slice(0, 300)}\nB ${b!.text.slice(0, 300)}`,
    );
  process.stdout.write(`both arms answer the same ${a!.text.length} bytes\n`);

  /** Closed loop: `concurrency` requests in flight per arm until the deadline. */
  async function load(ms: number) {
    const deadline = performance.now() + ms;
    return Promise.all(
      arms.map(async (arm) => {
        const latencies: number[] = [];
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (performance.now() < deadline) {
              const r = await post(arm.port);
              if (r.status !== 200) throw new Error(`arm ${arm.label}: HTTP ${r.status}`);
              latencies.push(r.ms);
            }
          }),
        );
        return latencies;
      }),
    );
  }
  // The JIT keeps optimising for the first ~20 s under load: a short warm-up leaves round 1 of
  // either arm several times costlier than round 3 (BENCH_AB_WARMUP_S, default 15).
  await load(Number(process.env.BENCH_AB_WARMUP_S ?? 15) * 1000);
  const pct = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
  const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
  const ratios: Record<string, number[]> = {};
  for (let round = 1; round <= rounds; round++) {
    const before = arms.map(cpuSeconds);
    const latencies = await load(seconds * 1000);
    const after = arms.map(cpuSeconds);
    const row = arms.map((arm, i) => {
      const n = latencies[i]!.length;
      const sorted = [...latencies[i]!].sort((x, y) => x - y);
      const cpu: Record<string, number> = Object.fromEntries(
        names.map((name, j) => [
          name,
          Math.round(((after[i]![j]! - before[i]![j]!) * 1e5) / n) / 100,
        ]),
      );
      const total = Math.round(Object.values(cpu).reduce((s, v) => s + v, 0) * 100) / 100;
      return {
        arm: arm.label,
        requests: n,
        p50: Math.round(pct(sorted, 0.5)),
        p99: Math.round(pct(sorted, 0.99)),
        cpuMsPerRequest: { ...cpu, total } as Record<string, number>,
      };
    });
    for (const key of [...names, 'total'] as const) {
      (ratios[key] ??= []).push(row[1]!.cpuMsPerRequest[key]! / row[0]!.cpuMsPerRequest[key]!);
    }
    process.stdout.write(
      `round ${round}: ${JSON.stringify(row)} load ${loadavg()[0]!.toFixed(1)}\n`,
    );
  }
  process.stdout.write(
    `median B/A CPU per request: ${Object.entries(ratios)
      .map(([k, v]) => `${k} ${median(v).toFixed(2)}`)
      .join(', ')} (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})\n`,
  );
} finally {
  agent.destroy();
  await stopBench(
    arms.flatMap((arm) => arm.children),
    redis,
    prefix,
  );
}
