import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { encodeEvent, type EventOf, type TopicName } from '@city/contracts';
import { createPrismaClient, runMigrations } from '@city/db';
import {
  createKafka,
  ensureTopics,
  freePort,
  loadInfraConfig,
  platformTopics,
  PROCESSOR_NODE_OPTIONS,
  uniqueName,
  waitFor,
} from '@city/infra';
import { Redis } from 'ioredis';
import { createWebServer, type WebServer } from '../server/create-web-server.js';
import { startIncidentProbe } from './incident-probe.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = fileURLToPath(new URL('../', import.meta.url));
/** Every line the services printed, written when the stack stops (git-ignored). */
const STACK_LOG = fileURLToPath(new URL('../../artifacts/web/stack.log', import.meta.url));

export interface ConsoleStack {
  readonly webUrl: string;
  readonly gatewayUrl: string;
  /** Produces a contract-valid event to this run's copy of a platform topic. */
  produce<T extends TopicName>(topic: T, event: EventOf<T>): Promise<void>;
  /** Lines each child printed (for failure messages). */
  readonly logs: Map<string, string[]>;
  /** Where an incident is in PostgreSQL, Redis and the change feed (for failure messages). */
  describeIncident(incidentId: string): Promise<string>;
  /**
   * Kills the gateway process (SIGKILL, as a crash) and resolves once it has exited; `start`
   * starts a new one on the same port and resolves when its /health reports all subgraphs.
   */
  killGateway(): Promise<{ start(): Promise<void> }>;
  stop(): Promise<void>;
}

/** Builds the console once per run (vite build of the current sources). */
export function buildConsole(): void {
  const result = spawnSync('npm', ['run', 'build', '-w', '@city/web'], {
    cwd: ROOT,
    // The build operators run: vitest sets NODE_ENV=test, which made vite bundle React's
    // development build (jsxDEV, StrictMode's double effects) into the console under test.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'pipe',
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`console build failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * The real platform on free ports with isolated names: simulator -> Kafka -> processor (all
 * domains) -> Redis/PostgreSQL/S3 -> vehicles, traffic, emergencies and environment subgraphs ->
 * gateway, plus the console's own server. Each service runs as its own process from its entry
 * file, as `npm run up` does.
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

  const [vehiclesPort, trafficPort, emergenciesPort, environmentPort, gatewayPort, processorPort] =
    await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const producer = kafka.producer();
  await producer.connect();
  const probe = await startIncidentProbe({
    redisUrl: infra.redisUrl,
    databaseUrl: infra.databaseUrl,
    schema: id,
    keyPrefix: `${id}:`,
  });
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
  const byName = new Map<string, ChildProcess>();
  const specs = new Map<string, { entry: string; env: NodeJS.ProcessEnv }>();
  const start = (name: string, entry: string, env: NodeJS.ProcessEnv) => {
    specs.set(name, { entry, env });
    const flags = name === 'processor' ? PROCESSOR_NODE_OPTIONS : [];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', entry], {
      cwd: ROOT,
      env: { ...common, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = logs.get(name) ?? [];
    logs.set(name, lines);
    for (const s of [child.stdout, child.stderr])
      s!.on('data', (d: Buffer) =>
        lines.push(...d.toString().split('\n').filter(Boolean).slice(-50)),
      );
    child.on('exit', (code, signal) => lines.push(`exited: code ${code} signal ${signal}`));
    children.push(child);
    byName.set(name, child);
  };
  start('processor', 'processor/src/index.ts', {
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
  start('emergencies', 'subgraphs/emergencies/src/index.ts', {
    EMERGENCIES_SUBGRAPH_PORT: String(emergenciesPort),
    EMERGENCIES_TOPIC_PREFIX: topicPrefix,
  });
  start('environment', 'subgraphs/environment/src/index.ts', {
    ENVIRONMENT_SUBGRAPH_PORT: String(environmentPort),
  });
  start('gateway', 'gateway/src/index.ts', {
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_HOST: '127.0.0.1',
    VEHICLES_SUBGRAPH_URL: `http://127.0.0.1:${vehiclesPort}/graphql`,
    TRAFFIC_SUBGRAPH_URL: `http://127.0.0.1:${trafficPort}/graphql`,
    EMERGENCIES_SUBGRAPH_URL: `http://127.0.0.1:${emergenciesPort}/graphql`,
    ENVIRONMENT_SUBGRAPH_URL: `http://127.0.0.1:${environmentPort}/graphql`,
  });
  start('simulator', 'simulator/src/index.ts', {
    SIM_TOPIC_PREFIX: topicPrefix,
    SIM_VEHICLES: String(options.vehicles ?? 150),
    SIM_GROUP_ID: `${id}.simulator`,
    SIM_STATUS: 'false',
    SIM_INTERVAL_S: '2',
    SIM_SEED: id,
    // Seeded for repeatable vehicles and routes, but on the wall clock as a city runs: the
    // console's KPIs are "now", and the tests' own incidents are produced at the current time.
    SIM_START: new Date().toISOString(),
  });

  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  let web: WebServer | null = null;
  const produce = async <T extends TopicName>(topic: T, event: EventOf<T>) => {
    await producer.send({ topic: topicPrefix + topic, messages: [encodeEvent(topic, event)] });
  };
  // If the test process dies without stop(), its services must not outlive it.
  const killAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  process.once('exit', killAll);
  // Cleanup steps are bounded: a busy broker or database must not hang the test's teardown.
  const bounded = <T>(step: Promise<T>) =>
    Promise.race([step.catch(() => undefined), new Promise((r) => setTimeout(r, 20_000))]);
  const stop = async () => {
    process.off('exit', killAll);
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await bounded(web?.stop() ?? Promise.resolve());
    await bounded(producer.disconnect());
    await bounded(probe.close());
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
    mkdirSync(path.dirname(STACK_LOG), { recursive: true });
    writeFileSync(
      STACK_LOG,
      [...logs].flatMap(([name, lines]) => lines.map((l) => `[${name}] ${l}`)).join('\n'),
    );
    await bounded(admin.deleteTopics({ topics: topics.map((t) => t.topic) }));
    await bounded(admin.disconnect());
    const redis = new Redis(infra.redisUrl);
    await bounded(redis.keys(`${id}:*`).then((keys) => (keys.length > 0 ? redis.del(...keys) : 0)));
    redis.disconnect();
    const db = createPrismaClient({
      databaseUrl: infra.databaseUrl,
      schema: id,
      maxConnections: 1,
    });
    await bounded(db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${id}" CASCADE`));
    await bounded(db.$disconnect());
  };
  const gatewayHealthy = () =>
    waitFor(
      async () => {
        const res = await fetch(gatewayUrl.replace('/graphql', '/health'));
        const body = (await res.json()) as { subgraphs: Record<string, { ok: boolean }> };
        return ['vehicles', 'traffic', 'emergencies', 'environment'].every(
          (name) => body.subgraphs[name]?.ok,
        );
      },
      { timeoutMs: 90_000, intervalMs: 500, description: 'gateway with all four subgraphs' },
    );
  const killGateway = async () => {
    const gateway = byName.get('gateway')!;
    if (gateway.exitCode === null && gateway.signalCode === null) {
      const exited = new Promise((resolve) => gateway.once('exit', resolve));
      gateway.kill('SIGKILL');
      await exited;
    }
    children.splice(children.indexOf(gateway), 1);
    return {
      async start() {
        const { entry, env } = specs.get('gateway')!;
        start('gateway', entry, env);
        await gatewayHealthy();
      },
    };
  };
  try {
    await gatewayHealthy();
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
    const describeIncident = (incidentId: string) => probe.describe(incidentId);
    return { webUrl, gatewayUrl, produce, logs, describeIncident, killGateway, stop };
  } catch (error) {
    const tail = [...logs].map(([n, l]) => `[${n}] ${l.slice(-15).join('\n')}`).join('\n');
    await stop();
    throw new Error(`${(error as Error).message}\n${tail}`);
  }
}

/** A new incident report as a caller would send it (contract-valid). */
export function incidentReport(
  overrides: Partial<EventOf<'emergency_incident_data'>> = {},
): EventOf<'emergency_incident_data'> {
  return {
    schemaVersion: 1,
    eventId: randomUUID(),
    timestamp: new Date().toISOString(),
    source: 'web-e2e',
    incidentId: `inc-e2e-${randomUUID().slice(0, 8)}`,
    type: 'fire',
    status: 'reported',
    latitude: 37.7812,
    longitude: -122.4135,
    description: 'Smoke from a kitchen window (console e2e).',
    details: { buildingType: 'residential', injuries: 0 },
    severity: 'critical',
    reportedBy: 'caller:e2e',
    ...overrides,
  };
}
