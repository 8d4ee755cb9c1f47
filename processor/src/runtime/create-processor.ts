import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '@city/log';
import type { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import type { ProcessorConfig } from '../config.js';
import { createProcessorMetrics, type ProcessorMetrics } from '../metrics/processor-metrics.js';
import type { SqlQuery } from '../pipeline/rebuild.js';
import type { DomainStage } from '../pipeline/types.js';
import { createChangeFeed } from '../sinks/change-feed.js';
import { createKafkaEmitter } from '../sinks/kafka-emitter.js';
import { createParquetEncoderPool } from '../sinks/parquet-encoder-pool.js';
import { createParquetStore } from '../sinks/parquet-sink.js';
import { createArchiveFence } from '../sinks/archive-fence.js';
import { createPostgresSink, type SqlExecutor } from '../sinks/postgres-sink.js';
import { createHotSink } from '../sinks/redis-hot-sink.js';
import { archiveTopicsOf } from './archive-owners.js';
import { CachedPartitioner } from './cached-partitioner.js';
import { identityNormalise, type Normalise } from './decode-message.js';
import {
  createDomainConsumer,
  type DomainConsumer,
  type PartitionStall,
} from './domain-consumer.js';
import type { Sinks } from './process-batch.js';
import { registerCodecs } from './register-codecs.js';
import { createTopicNamer } from './topic-names.js';

export type RuntimeConfig = Pick<
  ProcessorConfig,
  | 'domains'
  | 'groupPrefix'
  | 'topicPrefix'
  | 'topicSuffix'
  | 'maxFutureMs'
  | 'allowedLatenessMs'
  | 'partitionsConcurrently'
  | 'maxBytesPerPartition'
  | 'parquetMaxRows'
  | 'parquetMaxAgeMs'
  | 's3Prefix'
  | 's3Bucket'
  | 'retryBaseMs'
  | 'retryMaxMs'
  | 'redisKeyPrefix'
> &
  Partial<Pick<ProcessorConfig, 'fetchMinBytes' | 'fetchMaxWaitMs'>>;

export interface ProcessorDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  /** PrismaClient (or anything with $executeRawUnsafe; $queryRawUnsafe enables the rebuild). */
  readonly prisma: SqlExecutor & {
    $queryRawUnsafe?<T = unknown>(sql: string, ...params: unknown[]): PromiseLike<T>;
  };
  readonly s3: S3Client;
  readonly log: Logger;
  readonly clock?: () => number;
  readonly config: RuntimeConfig;
  // Each stage has its own state type; the runtime only passes it back to the same stage.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly stages: readonly DomainStage<any>[];
  readonly normalise?: Normalise;
  readonly metrics?: ProcessorMetrics;
  /** Wraps each domain's sinks (fault injection in tests). */
  readonly wrapSinks?: (sinks: Sinks, domain: string) => Sinks;
  /** How often each domain checks that Redis still has its hot layer (ms, default 2000). */
  readonly redisCheckMs?: number;
  /** How often processor_consumer_lag is read from Kafka (ms, default 5000). */
  readonly lagRefreshMs?: number;
}

export interface Processor {
  readonly metrics: ProcessorMetrics;
  readonly consumers: readonly DomainConsumer[];
  start(): Promise<void>;
  /** Graceful: finish the batches in flight, flush Parquet, commit, leave the groups. */
  stop(): Promise<void>;
  /**
   * ok = every consumer runs and no partition is stalled (its batch keeps failing: which
   * domain, topic and partition, from which offset, since when, the error).
   */
  health(): { ok: boolean; domains: Record<string, boolean>; stalled: PartitionStall[] };
  /** Writes every Parquet buffer now and commits (tests and benchmarks). */
  flush(): Promise<void>;
}

/** The stream processor: one Kafka consumer group per selected domain, wired to the sinks. */
export function createProcessor(deps: ProcessorDeps): Processor {
  registerCodecs();
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  const metrics = deps.metrics ?? createProcessorMetrics();
  const topics = createTopicNamer(config.topicPrefix, config.topicSuffix);
  const selected = deps.stages.filter((s) => config.domains.includes(s.domain));
  const producer: Producer = deps.kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: CachedPartitioner,
  });
  const settings = {
    allowedLatenessMs: config.allowedLatenessMs,
    maxFutureMs: config.maxFutureMs,
    parquetMaxRows: config.parquetMaxRows,
    parquetMaxAgeMs: config.parquetMaxAgeMs,
    retryBaseMs: config.retryBaseMs,
    retryMaxMs: config.retryMaxMs,
    redisKeyPrefix: config.redisKeyPrefix,
  };
  const encoders = createParquetEncoderPool(1);
  const parquet = createParquetStore(
    deps.s3,
    config.s3Bucket,
    config.s3Prefix,
    encoders.encode,
    createArchiveFence(deps.redis, config.redisKeyPrefix),
  );
  const hot = createHotSink(deps.redis, config.redisKeyPrefix);
  const feed = createChangeFeed(deps.redis, config.redisKeyPrefix);
  const kafkaSink = createKafkaEmitter(producer, topics);
  const prisma = deps.prisma;
  const query: SqlQuery | undefined = prisma.$queryRawUnsafe
    ? async <T>(sql: string, ...params: unknown[]) =>
        await prisma.$queryRawUnsafe!<T[]>(sql, ...params)
    : undefined;

  const consumers = selected.map((stage) =>
    createDomainConsumer({
      stage,
      kafka: deps.kafka,
      redis: deps.redis,
      topics,
      groupId: `${config.groupPrefix}${stage.domain}`,
      archiveTopics: archiveTopicsOf(stage.domain),
      partitionsConcurrently: config.partitionsConcurrently,
      maxBytesPerPartition: config.maxBytesPerPartition,
      fetchMinBytes: config.fetchMinBytes,
      fetchMaxWaitMs: config.fetchMaxWaitMs,
      settings,
      sinks: (deps.wrapSinks ?? ((s: Sinks) => s))(
        {
          postgres: createPostgresSink(deps.prisma, stage.tables),
          parquet,
          hot,
          feed,
          kafka: kafkaSink,
        },
        stage.domain,
      ),
      metrics,
      log: deps.log.child({ domain: stage.domain }),
      clock,
      normalise: deps.normalise ?? identityNormalise,
      query,
      redisCheckMs: deps.redisCheckMs,
      lagRefreshMs: deps.lagRefreshMs,
    }),
  );

  return {
    metrics,
    consumers,
    async start() {
      await producer.connect();
      for (const consumer of consumers) await consumer.start();
      deps.log.info({ domains: selected.map((s) => s.domain) }, 'processor started');
    },
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await producer.disconnect();
      await encoders.close();
      deps.log.info('processor stopped');
    },
    health() {
      const domains = Object.fromEntries(consumers.map((c) => [c.domain, c.running()]));
      const stalled = consumers.flatMap((c) => c.stalled());
      const running = consumers.length > 0 && Object.values(domains).every(Boolean);
      return { ok: running && stalled.length === 0, domains, stalled };
    },
    async flush() {
      await Promise.all(consumers.map((c) => c.flushDue(true)));
    },
  };
}
