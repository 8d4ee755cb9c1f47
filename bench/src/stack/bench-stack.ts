import fs from 'node:fs';
import path from 'node:path';
import { runMigrations } from '@city/db';
import {
  createKafka,
  createS3Client,
  DEFAULT_CACHE_DIR,
  ensureBucket,
  ensureTopics,
  freePort,
  isPortOpen,
  kafkaPid,
  loadInfraConfig,
  platformTopics,
  s3Pid,
  startKafka,
  startS3Server,
  stopKafka,
  stopS3Server,
  uniqueName,
  waitFor,
  type KafkaInstance,
  type S3Instance,
} from '@city/infra';
import type { Kafka } from 'kafkajs';
import pg from 'pg';
import { OwnRedis } from './redis-server.js';
import { ServiceProcess } from './service-process.js';
import {
  hiveGatewayDef,
  serviceDefs,
  type ServiceName,
  type StackAddresses,
} from './service-defs.js';

export interface StackOptions {
  /** 'own': a second Kafka and S3 on free ports in a temp dir; 'shared': the dev ones (random names). */
  readonly infra: 'own' | 'shared';
  readonly parquetMaxAgeMs: number;
  readonly say: (line: string) => void;
  readonly kafkaHeapMb?: number;
  /** Also start a peer gateway in front of the same subgraphs (`hive`: Hive Gateway). */
  readonly peer?: 'hive';
}

export interface BenchStack extends StackAddresses {
  readonly runId: string;
  readonly workDir: string;
  readonly kafka: Kafka;
  readonly redis: OwnRedis;
  readonly kafkaInstance: KafkaInstance | undefined;
  readonly s3Instance: S3Instance | undefined;
  readonly services: Record<ServiceName, ServiceProcess>;
  /** The peer gateway (`StackOptions.peer`) and its port. */
  readonly peer: { readonly process: ServiceProcess; readonly port: number } | undefined;
  /** Physical topic name of a contract topic. */
  physical(topic: string): string;
  kafkaBrokerPid(): number | undefined;
  s3ServerPid(): number | undefined;
  restartKafka(): Promise<void>;
  stopS3(): Promise<void>;
  startS3(): Promise<void>;
  stop(): Promise<void>;
}

const S3_CREDENTIALS = {
  s3Region: 'us-east-1',
  s3AccessKeyId: 'S3RVER',
  s3SecretAccessKey: 'S3RVER',
};

/** Creates a random database and migrates it with the prisma workspace's runner. */
async function createDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  url.search = '';
  await runMigrations({ databaseUrl: url.toString() });
  return url.toString();
}

async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Starts the whole platform on instances and names of its own; `stop` removes all of it. */
export async function startBenchStack(options: StackOptions): Promise<BenchStack> {
  const { say } = options;
  const dev = loadInfraConfig(process.env, { warn: () => {} });
  const runId = uniqueName('bench', '_');
  const workDir = path.join(DEFAULT_CACHE_DIR, 'bench', runId);
  fs.mkdirSync(workDir, { recursive: true });
  const topicPrefix = `${runId}.`;
  const cleanups: (() => Promise<void>)[] = [];

  let kafkaInstance: KafkaInstance | undefined;
  let s3Instance: S3Instance | undefined;
  let kafkaBrokers: string;
  let s3Endpoint: string;
  if (options.infra === 'own') {
    kafkaInstance = {
      dir: path.join(workDir, 'kafka'),
      libsDir: dev.kafkaLibsDir,
      host: '127.0.0.1',
      port: await freePort(),
      controllerPort: await freePort(),
      heapMb: options.kafkaHeapMb ?? 768,
    };
    s3Instance = { dir: path.join(workDir, 's3'), host: '127.0.0.1', port: await freePort() };
    kafkaBrokers = `127.0.0.1:${kafkaInstance.port}`;
    s3Endpoint = `http://127.0.0.1:${s3Instance.port}`;
    const k = kafkaInstance;
    const s = s3Instance;
    say(`starting Kafka on ${kafkaBrokers} and S3 on ${s3Endpoint} (${workDir})`);
    cleanups.push(async () => {
      await Promise.all([stopKafka(k, 30_000), stopS3Server(s, 10_000)]);
    });
    await Promise.all([
      startKafka(k, { timeoutMs: 120_000 }),
      startS3Server(s, { timeoutMs: 60_000, client: { s3Endpoint, ...S3_CREDENTIALS } }),
    ]);
  } else {
    kafkaBrokers = dev.kafkaBrokers.join(',');
    s3Endpoint = dev.s3Endpoint;
  }
  const s3Bucket = options.infra === 'own' ? 'city-batch' : dev.s3Bucket;
  const s3Prefix = `${runId}/raw/`;
  const s3Config = {
    s3Endpoint,
    s3Region: dev.s3Region,
    s3AccessKeyId: options.infra === 'own' ? 'S3RVER' : dev.s3AccessKeyId,
    s3SecretAccessKey: options.infra === 'own' ? 'S3RVER' : dev.s3SecretAccessKey,
  };
  const s3 = createS3Client(s3Config);
  await ensureBucket(s3, s3Bucket);
  s3.destroy();

  const kafka = createKafka({ kafkaBrokers: kafkaBrokers.split(','), kafkaClientId: 'bench' });
  const physical = (topic: string) => `${topicPrefix}${topic}`;
  const admin = kafka.admin();
  await admin.connect();
  const topics = platformTopics().map((t) => ({ ...t, topic: physical(t.topic) }));
  await ensureTopics(admin, topics);
  await admin.disconnect();
  if (options.infra === 'shared') {
    cleanups.push(async () => {
      const a = kafka.admin();
      await a.connect();
      await a.deleteTopics({ topics: topics.map((t) => t.topic) }).catch(() => undefined);
      await a.disconnect();
    });
  }

  const redis = new OwnRedis(await freePort());
  await redis.start();
  cleanups.push(() => redis.stop());

  const dbName = runId;
  const databaseUrl = await createDatabase(dev.databaseUrl, dbName);
  cleanups.push(() => dropDatabase(dev.databaseUrl, dbName));
  say(`redis-server on ${redis.port}, database ${dbName}, topics ${topicPrefix}*`);

  const addresses: StackAddresses = {
    kafkaBrokers,
    redisUrl: redis.url,
    databaseUrl,
    s3: { ...s3Config, bucket: s3Bucket, prefix: s3Prefix },
    topicPrefix,
    groupPrefix: `${runId}.processor.`,
    redisKeyPrefix: 'city:',
    ports: {
      processor: await freePort(),
      vehicles: await freePort(),
      emergencies: await freePort(),
      environment: await freePort(),
      traffic: await freePort(),
      gateway: await freePort(),
    },
  };
  const logDir = path.join(workDir, 'logs');
  const defs = serviceDefs(addresses, { parquetMaxAgeMs: options.parquetMaxAgeMs });
  const services = Object.fromEntries(
    Object.entries(defs).map(([name, def]) => [name, new ServiceProcess(def, logDir)]),
  ) as Record<ServiceName, ServiceProcess>;
  const peer =
    options.peer === 'hive'
      ? await freePort().then((port) => ({
          port,
          process: new ServiceProcess(hiveGatewayDef(addresses, port), logDir),
        }))
      : undefined;
  const stopServices = async () => {
    await Promise.all(
      [...Object.values(services), ...(peer ? [peer.process] : [])].map((s) => s.stop()),
    );
  };
  try {
    // Subgraphs first (the gateway composes them), the processor beside them.
    for (const name of ['processor', 'vehicles', 'emergencies', 'environment', 'traffic'] as const)
      services[name].start();
    for (const name of ['processor', 'vehicles', 'emergencies', 'environment', 'traffic'] as const)
      await services[name].waitReady();
    services.gateway.start();
    peer?.process.start();
    await services.gateway.waitReady();
    await peer?.process.waitReady();
  } catch (error) {
    await stopServices();
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    throw error;
  }
  say(`services up (logs in ${logDir})`);

  return {
    ...addresses,
    runId,
    workDir,
    kafka,
    redis,
    kafkaInstance,
    s3Instance,
    services,
    peer,
    physical,
    kafkaBrokerPid: () => (kafkaInstance ? kafkaPid(kafkaInstance) : undefined),
    s3ServerPid: () => (s3Instance ? s3Pid(s3Instance) : undefined),
    async restartKafka() {
      if (!kafkaInstance) throw new Error('restartKafka needs --infra own');
      const pid = kafkaPid(kafkaInstance);
      if (pid) {
        process.kill(pid, 'SIGKILL');
        await waitFor(() => kafkaPid(kafkaInstance!) === undefined, { timeoutMs: 30_000 });
      }
      // The killed broker's listener can linger a moment; startKafka refuses a port in use.
      await waitFor(async () => !(await isPortOpen('127.0.0.1', kafkaInstance!.port)), {
        timeoutMs: 60_000,
        description: 'the killed broker released its port',
      });
      await startKafka(kafkaInstance, { timeoutMs: 120_000 });
    },
    async stopS3() {
      if (!s3Instance) throw new Error('stopS3 needs --infra own');
      await stopS3Server(s3Instance, 10_000);
    },
    async startS3() {
      if (!s3Instance) throw new Error('startS3 needs --infra own');
      await startS3Server(s3Instance, {
        timeoutMs: 60_000,
        client: { s3Endpoint, ...S3_CREDENTIALS },
      });
    },
    async stop() {
      await stopServices();
      for (const c of cleanups.reverse())
        await c().catch((e: unknown) => say(`cleanup: ${String(e)}`));
      fs.rmSync(path.join(workDir, 'kafka', 'data'), { recursive: true, force: true });
      fs.rmSync(path.join(workDir, 's3', 'data'), { recursive: true, force: true });
    },
  };
}

/** Ctrl-C / SIGTERM: stop everything this run started (services, Kafka, S3, Redis, database). */
export function stopOnSignal(stack: BenchStack, say: (line: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping the stack`);
      void stack.stop().finally(() => process.exit(130));
    });
  }
}
