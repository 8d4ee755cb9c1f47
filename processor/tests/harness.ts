// Shared setup of the processor integration tests: random topics, group, Redis prefix, DB schema
// and S3 prefix per run, and readers for what the processor wrote.
import { randomUUID } from 'node:crypto';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { deadLetterTopic, encodeEvent, type GpsEvent, type TopicName } from '@city/contracts';
import { createPrismaClient, quoteIdent, runMigrations } from '@city/db';
import {
  createKafka,
  createS3Client,
  ensureTopics,
  loadInfraConfig,
  uniqueName,
} from '@city/infra';
import { createLogger } from '@city/log';
import { loadRoadNetwork, isRoutable, type RoadNetwork } from '@city/roadgraph';
import { Redis } from 'ioredis';
import type { Kafka, Message } from 'kafkajs';
import parquet from 'parquetjs-lite';
import { createStages } from '../src/domains/create-stages.js';
import {
  createProcessor,
  type Processor,
  type ProcessorDeps,
  type RuntimeConfig,
} from '../src/runtime/create-processor.js';
import {
  createMapMatcher,
  loadNeighbourhoodZones,
  ZoneIndex,
  type MapMatcher,
} from '../src/domains/vehicles/index.js';

export const infra = loadInfraConfig(process.env, { warn: () => {} });

let network: RoadNetwork | undefined;
export function roadNetwork(): RoadNetwork {
  return (network ??= loadRoadNetwork());
}

export function neighbourhoodIndex(): ZoneIndex {
  return new ZoneIndex(
    loadNeighbourhoodZones(new URL('../../data/city/', import.meta.url).pathname),
  );
}

export interface TestEnv {
  readonly id: string;
  readonly topicSuffix: string;
  readonly groupPrefix: string;
  readonly redisKeyPrefix: string;
  readonly schema: string;
  readonly s3Prefix: string;
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly s3: S3Client;
  readonly prisma: ReturnType<typeof createPrismaClient>;
  readonly log: ReturnType<typeof createLogger>;
  physical(topic: TopicName): string;
  cleanup(): Promise<void>;
}

/** The emergencies domain's topics beyond the vehicle ones (createTestEnv's `extraTopics`). */
export const EMERGENCY_TOPICS: TopicName[] = [
  'emergency_incident_data',
  'emergency_unit_status',
  'dispatch_commands',
  'incident_candidates',
];

export const VEHICLE_TOPICS: TopicName[] = [
  'gps_data',
  'vehicle_data',
  'geofence_events',
  'segment_observations',
];

/**
 * A run's own topics (the vehicle topics and `extraTopics`, each with its DLQ), database schema,
 * Redis key prefix and S3 prefix; `cleanup` removes them all.
 */
export async function createTestEnv(
  partitions = 3,
  extraTopics: readonly TopicName[] = [],
): Promise<TestEnv> {
  const id = uniqueName('proc', '_');
  const topicSuffix = `.${id}`;
  const physical = (t: TopicName) => `${t}${topicSuffix}`;
  const kafka = createKafka(infra);
  const admin = kafka.admin();
  await admin.connect();
  const topics = [...new Set([...VEHICLE_TOPICS, ...extraTopics])].flatMap((t) => [
    physical(t),
    deadLetterTopic(physical(t)),
  ]);
  await ensureTopics(
    admin,
    topics.map((topic) => ({ topic, numPartitions: partitions })),
  );
  const schema = id;
  await runMigrations({ databaseUrl: infra.databaseUrl, schema });
  const prisma = createPrismaClient({ databaseUrl: infra.databaseUrl, schema, maxConnections: 4 });
  const redis = new Redis(infra.redisUrl);
  const s3 = createS3Client(infra);
  const redisKeyPrefix = `${id}:`;
  const s3Prefix = `test/${id}/`;
  return {
    id,
    topicSuffix,
    groupPrefix: `${id}.`,
    redisKeyPrefix,
    schema,
    s3Prefix,
    kafka,
    redis,
    s3,
    prisma,
    log: createLogger({ service: 'processor-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    physical,
    async cleanup() {
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
      await prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await prisma.$disconnect();
      const keys = await redis.keys(`${redisKeyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      const objects = await listObjects(s3, s3Prefix);
      for (let i = 0; i < objects.length; i += 1000) {
        await s3.send(
          new DeleteObjectsCommand({
            Bucket: infra.s3Bucket,
            Delete: { Objects: objects.slice(i, i + 1000).map((Key) => ({ Key })) },
          }),
        );
      }
      s3.destroy();
    },
  };
}

/**
 * Messages of `topic` the domain's consumer group has committed: a batch commits only once every
 * sink of it (PostgreSQL, Kafka, Redis, the change feed; S3 for the rows) is done.
 */
export async function committedCount(
  env: TestEnv,
  domain: string,
  topic: TopicName,
): Promise<number> {
  const admin = env.kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({
      groupId: `${env.groupPrefix}${domain}`,
      topics: [env.physical(topic)],
    });
    return (offsets?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

export async function listObjects(s3: S3Client, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: infra.s3Bucket,
        Prefix: prefix,
        ContinuationToken: token,
      }),
    );
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Every row of every Parquet object under the prefix. */
export async function readParquetRows(
  s3: S3Client,
  prefix: string,
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const key of await listObjects(s3, prefix)) {
    const object = await s3.send(new GetObjectCommand({ Bucket: infra.s3Bucket, Key: key }));
    const body = Buffer.from(await object.Body!.transformToByteArray());
    const reader = await parquet.ParquetReader.openBuffer(body);
    const cursor = reader.getCursor();
    for (let row = await cursor.next(); row; row = await cursor.next()) rows.push(row);
    await reader.close();
  }
  return rows;
}

/** Reads a topic from the beginning with a throwaway group until `count` messages arrived. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  until: (messages: { partition: number; message: Message }[]) => boolean,
  timeoutMs = 30_000,
): Promise<{ partition: number; key: string | null; value: string }[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const got: { partition: number; message: Message }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      got.push({ partition, message: message as Message });
      if (until(got)) done();
    },
  });
  const timer = setTimeout(done, timeoutMs);
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  return got.map(({ partition, message }) => ({
    partition,
    key: message.key ? message.key.toString() : null,
    value: message.value ? message.value.toString() : '',
  }));
}

export const MAP_MATCH_M = 60;
let testMatcher: MapMatcher | undefined;

/** Points on car-routable roads with their limits: where the test fleet drives. */
export function roadPoints(count: number): { lon: number; lat: number; limitKmh: number }[] {
  const net = roadNetwork();
  const matcher = (testMatcher ??= createMapMatcher(net, MAP_MATCH_M));
  const points: { lon: number; lat: number; limitKmh: number }[] = [];
  for (let i = 0; points.length < count && i < net.segments.length; i += 37) {
    const s = net.segments[i]!;
    if (!isRoutable(s, 'car') || s.highway === 'service' || s.coords.length < 4) continue;
    // The first vertex of a segment is an intersection; the midpoint of its first piece is not.
    const lon = (s.coords[0]! + s.coords[2]!) / 2;
    const lat = (s.coords[1]! + s.coords[3]!) / 2;
    // The limit of the segment the processor will match, which may be a neighbour.
    const match = matcher.match(lon, lat, 'car');
    if (match) points.push({ lon, lat, limitKmh: match.limitKmh });
  }
  return points;
}

/** Whether the i-th fix of a vehicle is driven above the limit (episodes of 3 fixes). */
export const speedingFix = (i: number) => Math.floor(i / 3) % 2 === 1;

/**
 * `fixesPerVehicle` fixes of each vehicle. By default every fix is on another road (exercises
 * zones and speeding); `cruising` keeps each vehicle on one road, moving about a metre per fix,
 * like real traffic (few zone changes), for benchmarks.
 */
export function gpsFleet(
  vehicles: number,
  fixesPerVehicle: number,
  start = Date.now() - 600_000,
  cruising = false,
): GpsEvent[] {
  const points = roadPoints(cruising ? vehicles : vehicles * fixesPerVehicle);
  const events: GpsEvent[] = [];
  for (let i = 0; i < fixesPerVehicle; i++) {
    for (let v = 0; v < vehicles; v++) {
      const p = cruising
        ? { ...points[v % points.length]!, lon: points[v % points.length]!.lon + i * 1e-5 }
        : points[(v * fixesPerVehicle + i) % points.length]!;
      events.push({
        schemaVersion: 1,
        eventId: randomUUID(),
        timestamp: new Date(start + i * 1000 + v).toISOString(),
        source: 'test',
        vehicleId: `car-${v}`,
        vehicleType: 'car',
        latitude: p.lat,
        longitude: p.lon,
        speedKmh: speedingFix(i) ? Math.round(p.limitKmh * 2) : Math.round(p.limitKmh * 0.5),
        headingDeg: 90,
        accuracyM: 5,
      });
    }
  }
  return events;
}

/** Speeding episodes the stage must record for `gpsFleet(vehicles, fixes)`. */
export function expectedEpisodes(vehicles: number, fixes: number): number {
  let perVehicle = 0;
  for (let i = 0; i < fixes; i++)
    if (speedingFix(i) && !(i > 0 && speedingFix(i - 1))) perVehicle++;
  return perVehicle * vehicles;
}

export function gpsMessages(events: readonly GpsEvent[]): Message[] {
  return events.map((e) => encodeEvent('gps_data', e));
}

export function testConfig(env: TestEnv, overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return {
    domains: ['vehicles'],
    groupPrefix: env.groupPrefix,
    topicPrefix: '',
    topicSuffix: env.topicSuffix,
    maxFutureMs: 300_000,
    allowedLatenessMs: 30_000,
    partitionsConcurrently: 3,
    maxBytesPerPartition: 1_048_576,
    parquetMaxRows: 100_000,
    parquetMaxAgeMs: 500,
    s3Prefix: env.s3Prefix,
    s3Bucket: infra.s3Bucket,
    retryBaseMs: 50,
    retryMaxMs: 500,
    redisKeyPrefix: env.redisKeyPrefix,
    ...overrides,
  };
}

export function startTestProcessor(
  env: TestEnv,
  options: { config?: Partial<RuntimeConfig>; wrapSinks?: ProcessorDeps['wrapSinks'] } = {},
): Processor {
  const stages = createStages({
    config: {
      vehicleStaleSeconds: 3600,
      speedingTolerancePct: 10,
      mapMatchMaxDistanceM: MAP_MATCH_M,
      hotTtlSeconds: 3600,
    },
    network: roadNetwork(),
    zones: neighbourhoodIndex(),
  });
  return createProcessor({
    kafka: env.kafka,
    redis: env.redis,
    prisma: env.prisma,
    s3: env.s3,
    log: env.log,
    config: testConfig(env, options.config),
    stages,
    ...(options.wrapSinks ? { wrapSinks: options.wrapSinks } : {}),
  });
}
