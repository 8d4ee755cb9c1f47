// All four subgraphs and the real gateway (HTTP and graphql-ws subscriptions) in-process on free
// ports, with isolated data (Redis prefix, PostgreSQL schema, S3 prefix, Kafka topic prefix), and
// helpers that write data through the REAL processor stages (emergencies, environment) the way the
// runtime applies them, or run the real processor runtime on this run's topics.
import { randomUUID } from 'node:crypto';
import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import { Partitioners, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { deadLetterTopic, encodeEvent, type EventOf, type TopicName } from '@city/contracts';
import { createPrismaClient, runMigrations } from '@city/db';
import {
  createKafka,
  createS3Client,
  ensureTopics,
  loadInfraConfig,
  uniqueName,
} from '@city/infra';
import { createLogger } from '@city/log';
import { loadRoadNetwork, type RoadNetwork } from '@city/roadgraph';
import WebSocket from 'ws';
import { createEmergenciesStage } from '@city/processor/domains/emergencies/index.js';
import { createEnvironmentStage } from '@city/processor/domains/environment/index.js';
import type {
  Change,
  DomainStage,
  DurableWrite,
  HotWrite,
  InputEvent,
} from '@city/processor/pipeline/types.js';
import { createChangeFeed } from '@city/processor/sinks/change-feed.js';
import { createPostgresSink } from '@city/processor/sinks/postgres-sink.js';
import { createProcessor, type Processor } from '@city/processor/runtime/create-processor.js';
import { queueHotWrites } from '@city/processor/sinks/redis-hot-sink.js';
import { createPostgresApiKeyStore } from '../../../gateway/src/auth/api-key-store.js';
import { createAuthenticator } from '../../../gateway/src/auth/authenticate.js';
import { createJwtVerifier } from '../../../gateway/src/auth/jwt-verifier.js';
import { createRedisRateLimiter } from '../../../gateway/src/auth/rate-limiter.js';
import { composeSupergraph } from '../../../gateway/src/compose-supergraph.js';
import { createGateway, type GatewayServer } from '../../../gateway/src/create-gateway.js';
import { createGatewayMetrics } from '../../../gateway/src/gateway-metrics.js';
import { SUBGRAPHS } from '../../../gateway/src/subgraph-list.js';
import {
  attachGatewaySubscriptions,
  type GatewaySubscriptions,
} from '../../../gateway/src/subscriptions/attach-subscriptions.js';
import { GATEWAY_SECRET, JWT_SECRET } from '../../../gateway/tests/stack-harness.js';
import { createVehiclesSubgraph } from '../../vehicles/src/create-vehicles-subgraph.js';
import { createTrafficSubgraph } from '../../traffic/src/create-traffic-subgraph.js';
import { createEnvironmentSubgraph } from '../../environment/src/create-environment-subgraph.js';
import { createEmergenciesSubgraph } from '../src/create-emergencies-subgraph.js';
import { createKafkaPublisher } from '../src/event-publisher.js';

export { gql } from '../../../gateway/tests/stack-harness.js';

export interface FederatedStack {
  readonly url: string;
  readonly base: string;
  /** graphql-ws URL of the gateway. */
  readonly wsUrl: string;
  readonly gateway: GatewayServer;
  readonly subscriptions: GatewaySubscriptions;
  /** Subscriptions executing in each subgraph process. */
  activeSubscriptions(subgraph: 'emergencies' | 'environment'): number;
  readonly redis: Redis;
  readonly prefix: string;
  readonly network: RoadNetwork;
  readonly db: ReturnType<typeof createPrismaClient>;
  readonly kafka: Kafka;
  /** Physical Kafka topic of a logical one for this run. */
  topic(name: TopicName): string;
  token(roles: string[], sub?: string): Promise<string>;
  /**
   * Runs events through the processor's emergencies or environment stage into PostgreSQL and
   * Redis, then publishes their changes on the change feed (as the runtime, in that order).
   */
  process<T extends TopicName>(topic: T, events: readonly EventOf<T>[]): Promise<void>;
  /** Messages on a topic of this run, from the beginning (a fresh consumer group). */
  readTopic(name: TopicName): Promise<{ key: string | null; value: Record<string, unknown> }[]>;
  /** Produces events to this run's Kafka topic (keyed as the contracts say). */
  produce<T extends TopicName>(topic: T, events: readonly EventOf<T>[]): Promise<void>;
  /** Starts the real processor runtime (emergencies and environment domains) on this run's topics. */
  startProcessor(): Promise<Processor>;
  /** A graphql-ws client of the gateway with this bearer token (closed on stop). */
  wsClient(token: string): Client;
  stop(): Promise<void>;
}

const STAGE_OF: Partial<Record<TopicName, 'emergencies' | 'environment'>> = {
  emergency_incident_data: 'emergencies',
  emergency_unit_status: 'emergencies',
  dispatch_commands: 'emergencies',
  air_quality_data: 'environment',
  weather_data: 'environment',
};

let networkCache: RoadNetwork | null = null;

export async function startFederatedStack(): Promise<FederatedStack> {
  const infra = loadInfraConfig(process.env, { warn: () => {} });
  const log = createLogger({ service: 'emergencies-test', level: 'silent' });
  const prefix = `${uniqueName('test-em')}:`;
  const schema = uniqueName('em', '_');
  const topicPrefix = `${uniqueName('test-em')}.`;
  const redis = new Redis(infra.redisUrl);
  await runMigrations({ databaseUrl: infra.databaseUrl, schema });
  const db = createPrismaClient({ databaseUrl: infra.databaseUrl, schema, maxConnections: 6 });
  const network = (networkCache ??= loadRoadNetwork());
  const s3 = createS3Client(infra);
  const kafka = createKafka(infra, { clientId: 'emergencies-test' });
  const topic = (name: TopicName) => `${topicPrefix}${name}`;
  const s3Prefix = `test/${uniqueName('test-em')}/`;
  const topics = (
    [
      'dispatch_commands',
      'emergency_incident_data',
      'emergency_unit_status',
      'incident_candidates',
      'air_quality_data',
      'weather_data',
    ] as const
  ).flatMap((t) => [topic(t), deadLetterTopic(topic(t))]);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(
    admin,
    topics.map((t) => ({ topic: t, numPartitions: 1 })),
  );
  await admin.disconnect();
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  const common = {
    gatewaySecret: GATEWAY_SECRET,
    production: false,
    log,
    port: 0,
    host: '127.0.0.1',
  };
  const servers = {
    vehicles: createVehiclesSubgraph({
      ...common,
      redis,
      redisKeyPrefix: prefix,
      db,
      s3,
      s3Bucket: infra.s3Bucket,
      s3Prefix,
    }),
    traffic: createTrafficSubgraph({ ...common, redis, redisKeyPrefix: prefix, db, network }),
    emergencies: createEmergenciesSubgraph({
      ...common,
      redis,
      redisKeyPrefix: prefix,
      db,
      network,
      publisher: createKafkaPublisher(producer, topic),
    }),
    environment: createEnvironmentSubgraph({
      ...common,
      redis,
      redisKeyPrefix: prefix,
      db,
      network,
    }),
  };
  const subgraphUrls: Record<string, string> = {};
  for (const [name, server] of Object.entries(servers)) subgraphUrls[name] = await server.start();
  const supergraphSdl = composeSupergraph(SUBGRAPHS.filter((s) => s.name in subgraphUrls));
  const authenticator = createAuthenticator({
    verifyJwt: createJwtVerifier({ secret: JWT_SECRET }),
    apiKeys: createPostgresApiKeyStore(db, 0),
    rateLimiter: createRedisRateLimiter(redis, prefix),
    defaultRateLimit: 600,
  });
  const metrics = createGatewayMetrics();
  const gateway = createGateway({
    supergraphSdl,
    subgraphUrls,
    gatewaySecret: GATEWAY_SECRET,
    authenticator,
    metrics,
    log,
    production: false,
    corsOrigins: ['http://console.test'],
    maxDepth: 10,
    maxCost: 50_000,
    restRequiresAuth: true,
    port: 0,
    host: '127.0.0.1',
  });
  const subscriptions = attachGatewaySubscriptions({
    httpServer: gateway.httpServer,
    supergraphSdl,
    subgraphUrls,
    gatewaySecret: GATEWAY_SECRET,
    authenticator,
    registry: metrics.registry,
    log,
    maxDepth: 10,
    maxCost: 50_000,
  });
  const url = await gateway.start();
  const feed = createChangeFeed(redis, prefix);
  const clients: Client[] = [];
  const processors: Processor[] = [];

  const stages = {
    emergencies: createEmergenciesStage(),
    environment: createEnvironmentStage(),
  } as const;
  const states = {
    emergencies: stages.emergencies.createState(),
    environment: stages.environment.createState(),
  };
  const sinks = {
    emergencies: createPostgresSink(db, stages.emergencies.tables),
    environment: createPostgresSink(db, stages.environment.tables),
  };
  let offset = 0;
  const consumers: Consumer[] = [];

  return {
    url,
    base: url.replace(/\/graphql$/, ''),
    wsUrl: url.replace(/^http/, 'ws'),
    gateway,
    subscriptions,
    activeSubscriptions: (name) => servers[name].activeSubscriptions(),
    redis,
    prefix,
    network,
    db,
    kafka,
    topic,
    async token(roles, sub = 'user-1') {
      return new SignJWT({ roles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(JWT_SECRET));
    },
    async process(topicName, events) {
      const domain = STAGE_OF[topicName];
      if (!domain) throw new Error(`no stage for ${topicName}`);
      const stage = stages[domain] as DomainStage<unknown>;
      const state = states[domain];
      const hot: HotWrite[] = [];
      const durable: DurableWrite[] = [];
      const changes: Change[] = [];
      for (const event of events) {
        const t = Date.parse(event.timestamp);
        const input = {
          topic: topicName,
          event,
          partition: 0,
          offset: String(offset++),
          produceTime: t,
        } as InputEvent;
        const w = stage.apply(input, state, { now: Date.now(), watermark: t - 30_000 });
        hot.push(...w.hot);
        durable.push(...w.durable);
        changes.push(...w.changes);
      }
      // As the runtime: PostgreSQL first (table order: incidents before their events), then Redis.
      for (const table of stage.tables) {
        await sinks[domain].write(durable.filter((d) => d.table === table.table));
      }
      const multi = redis.multi();
      queueHotWrites(multi, prefix, hot);
      await multi.exec();
      await feed.publish(domain, changes);
    },
    async readTopic(name) {
      const consumer = kafka.consumer({ groupId: uniqueName('test-em-read') });
      consumers.push(consumer);
      const out: { key: string | null; value: Record<string, unknown> }[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: topic(name), fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          out.push({
            key: message.key?.toString() ?? null,
            value: JSON.parse(message.value!.toString()) as Record<string, unknown>,
          });
        },
      });
      return out;
    },
    async produce(topicName, events) {
      await producer.send({
        topic: topic(topicName),
        messages: events.map((e) => encodeEvent(topicName, e)),
      });
    },
    async startProcessor() {
      const processor = createProcessor({
        kafka,
        redis,
        prisma: db,
        s3,
        log,
        stages: [createEmergenciesStage(), createEnvironmentStage()],
        config: {
          domains: ['emergencies', 'environment'],
          groupPrefix: `${uniqueName('test-em')}.`,
          topicPrefix,
          topicSuffix: '',
          maxFutureMs: 300_000,
          allowedLatenessMs: 30_000,
          partitionsConcurrently: 2,
          maxBytesPerPartition: 1_048_576,
          parquetMaxRows: 100_000,
          parquetMaxAgeMs: 60_000,
          s3Prefix,
          s3Bucket: infra.s3Bucket,
          retryBaseMs: 50,
          retryMaxMs: 500,
          redisKeyPrefix: prefix,
        },
      });
      processors.push(processor);
      await processor.start();
      return processor;
    },
    wsClient(token) {
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await Promise.all(processors.map((p) => p.stop()));
      await subscriptions.close();
      await Promise.all(consumers.map((c) => c.disconnect()));
      await gateway.stop();
      await Promise.all(Object.values(servers).map((s) => s.stop()));
      await producer.disconnect();
      const a = kafka.admin();
      await a.connect();
      await a.deleteTopics({ topics }).catch(() => undefined);
      await a.disconnect();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: infra.s3Bucket, Prefix: s3Prefix }),
      );
      const objects = (listed.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (objects.length > 0) {
        await s3.send(
          new DeleteObjectsCommand({ Bucket: infra.s3Bucket, Delete: { Objects: objects } }),
        );
      }
      await db.$disconnect();
      redis.disconnect();
      s3.destroy();
    },
  };
}

/** A contract envelope for test events. */
export const envelope = (timestamp: number) => ({
  schemaVersion: 1 as const,
  eventId: randomUUID(),
  timestamp: new Date(timestamp).toISOString(),
  source: 'test',
});
