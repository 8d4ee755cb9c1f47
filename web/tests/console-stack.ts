import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPrismaClient, runMigrations } from '@city/db';
import {
  createKafka,
  ensureTopics,
  freePort,
  loadInfraConfig,
  platformTopics,
  uniqueName,
  waitFor,
} from '@city/infra';
import { Redis } from 'ioredis';
import { createWebServer, type WebServer } from '../server/create-web-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = fileURLToPath(new URL('../', import.meta.url));

export interface ConsoleStack {
  readonly webUrl: string;
  readonly gatewayUrl: string;
  /** Lines each child printed (for failure messages). */
  readonly logs: Map<string, string[]>;
  stop(): Promise<void>;
}

/** Builds the console once per run (vite build of the current sources). */
export function buildConsole(): void {
  const result = spawnSync('npm', ['run', 'build', '-w', '@city/web'], {
    cwd: ROOT,
    stdio: 'pipe',
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`console build failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * The real platform on free ports with isolated names: simulator -> Kafka -> processor (vehicles,
 * traffic) -> Redis/PostgreSQL/S3 -> vehicles and traffic subgraphs -> gateway, plus the console's
 * own server. Each service runs as its own process from its entry file, as `npm run up` does.
 */
export async function startConsoleStack(
  options: { vehicles?: number } = {},
): Promise<ConsoleStack> {
  const infra = loadInfraConfig(process.env, { warn: () => {} });
  const id = uniqueName('web_e2e', '_');
  const topicPrefix = `${id}.`;
  const kafka = createKafka(infra);
  const admin = kafka.admin();
  await admin.connect();
  const topics = platformTopics({ kafkaPartitions: 1 }).map((t) => ({
    ...t,
    topic: topicPrefix + t.topic,
  }));
  await ensureTopics(admin, topics);
  await runMigrations({ databaseUrl: infra.databaseUrl, schema: id });
  const dbUrl = new URL(infra.databaseUrl);
  dbUrl.searchParams.set('schema', id);

  const [vehiclesPort, trafficPort, gatewayPort, processorPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    DATABASE_URL: dbUrl.toString(),
    REDIS_KEY_PREFIX: `${id}:`,
    PROCESSOR_S3_PREFIX: `test/${id}/`,
    SUBGRAPH_HOST: '127.0.0.1',
  };
  const logs = new Map<string, string[]>();
  const children: ChildProcess[] = [];
  const start = (name: string, entry: string, env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT,
      env: { ...common, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    logs.set(name, lines);
    for (const s of [child.stdout, child.stderr])
      s!.on('data', (d: Buffer) =>
        lines.push(...d.toString().split('\n').filter(Boolean).slice(-50)),
      );
    child.on('exit', (code, signal) => lines.push(`exited: code ${code} signal ${signal}`));
    children.push(child);
  };
  start('processor', 'processor/src/index.ts', {
    PROCESSOR_DOMAINS: 'vehicles,traffic',
    PROCESSOR_TOPIC_PREFIX: topicPrefix,
    PROCESSOR_GROUP_PREFIX: `${id}.`,
    PROCESSOR_PORT: String(processorPort),
  });
  start('vehicles', 'subgraphs/vehicles/src/index.ts', {
    VEHICLES_SUBGRAPH_PORT: String(vehiclesPort),
  });
  start('traffic', 'subgraphs/traffic/src/index.ts', {
    TRAFFIC_SUBGRAPH_PORT: String(trafficPort),
  });
  start('gateway', 'gateway/src/index.ts', {
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_HOST: '127.0.0.1',
    VEHICLES_SUBGRAPH_URL: `http://127.0.0.1:${vehiclesPort}/graphql`,
    TRAFFIC_SUBGRAPH_URL: `http://127.0.0.1:${trafficPort}/graphql`,
  });
  start('simulator', 'simulator/src/index.ts', {
    SIM_TOPIC_PREFIX: topicPrefix,
    SIM_VEHICLES: String(options.vehicles ?? 150),
    SIM_GROUP_ID: `${id}.simulator`,
    SIM_STATUS: 'false',
    SIM_INTERVAL_S: '2',
    SIM_SEED: id,
  });

  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  let web: WebServer | null = null;
  const stop = async () => {
    await web?.stop();
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    await admin.deleteTopics({ topics: topics.map((t) => t.topic) }).catch(() => undefined);
    await admin.disconnect();
    const redis = new Redis(infra.redisUrl);
    const keys = await redis.keys(`${id}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    const db = createPrismaClient({
      databaseUrl: infra.databaseUrl,
      schema: id,
      maxConnections: 1,
    });
    await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${id}" CASCADE`);
    await db.$disconnect();
  };
  try {
    // Other subgraphs (emergencies, environment) may be composed but not running here.
    await waitFor(
      async () => {
        const res = await fetch(gatewayUrl.replace('/graphql', '/health'));
        const body = (await res.json()) as { subgraphs: Record<string, { ok: boolean }> };
        return body.subgraphs.vehicles?.ok && body.subgraphs.traffic?.ok;
      },
      { timeoutMs: 90_000, intervalMs: 500, description: 'gateway with vehicles and traffic' },
    );
    web = createWebServer({
      distDir: `${WEB}dist`,
      gatewayUrl,
      publicGatewayUrl: '',
      mapboxToken: '',
      devSignIn: true,
      jwtSecret: '',
      port: 0,
      host: '127.0.0.1',
    });
    const webUrl = await web.start();
    return { webUrl, gatewayUrl, logs, stop };
  } catch (error) {
    const tail = [...logs].map(([n, l]) => `[${n}] ${l.slice(-15).join('\n')}`).join('\n');
    await stop();
    throw new Error(`${(error as Error).message}\n${tail}`);
  }
}
