import { commonInfraFields, env, parseConfig, type ParseOptions } from '@city/config';
import { DEFAULT_CITY_DATA_DIR } from '@city/roadgraph';
import { retentionConfigSpec } from './retention/retention-config.js';

export const DOMAIN_NAMES = ['vehicles', 'traffic', 'environment', 'emergencies'] as const;

export const processorConfigSpec = {
  ...commonInfraFields,
  port: env.port('PROCESSOR_PORT', { default: 4010, description: '/metrics and /health' }),
  domains: env.list('PROCESSOR_DOMAINS', {
    default: DOMAIN_NAMES,
    description: 'Domains this process runs, comma separated (all by default)',
  }),
  groupPrefix: env.string('PROCESSOR_GROUP_PREFIX', {
    default: 'processor.',
    description: 'Consumer group id = prefix + domain',
  }),
  topicPrefix: env.string('PROCESSOR_TOPIC_PREFIX', { default: '' }),
  topicSuffix: env.string('PROCESSOR_TOPIC_SUFFIX', { default: '' }),
  maxFutureMs: env.int('PROCESSOR_MAX_FUTURE_MS', { default: 300_000, min: 0 }),
  allowedLatenessMs: env.int('PROCESSOR_ALLOWED_LATENESS_MS', { default: 30_000, min: 0 }),
  // kafkajs fetches again only once every batch of the last fetch is processed: with fewer
  // workers than partitions (6 per topic; the vehicles domain reads two topics, 12 partitions) a
  // fetch cycle is several rounds of batches.
  partitionsConcurrently: env.int('PROCESSOR_PARTITIONS_CONCURRENTLY', { default: 12, min: 1 }),
  maxBytesPerPartition: env.int('PROCESSOR_MAX_BYTES_PER_PARTITION', {
    default: 4_194_304,
    min: 1024,
  }),
  // A fetch waits for this many bytes (all partitions) or fetchMaxWaitMs, whichever comes first:
  // every batch costs a round of sinks (PostgreSQL, Redis, Kafka, checkpoint, commit), so a
  // smooth stream fetched as it trickles in would pay that round for a handful of events.
  fetchMinBytes: env.int('PROCESSOR_FETCH_MIN_BYTES', { default: 1, min: 1 }),
  fetchMaxWaitMs: env.int('PROCESSOR_FETCH_MAX_WAIT_MS', { default: 5000, min: 0 }),
  parquetMaxRows: env.int('PROCESSOR_PARQUET_MAX_ROWS', { default: 50_000, min: 1 }),
  parquetMaxAgeMs: env.int('PROCESSOR_PARQUET_MAX_AGE_MS', { default: 60_000, min: 0 }),
  s3Prefix: env.string('PROCESSOR_S3_PREFIX', {
    default: 'raw/',
    description: 'Key prefix of the Parquet batch layer in S3_BUCKET',
  }),
  hotTtlSeconds: env.int('PROCESSOR_HOT_TTL_SECONDS', { default: 3600, min: 1 }),
  retryBaseMs: env.int('PROCESSOR_RETRY_BASE_MS', { default: 200, min: 1 }),
  retryMaxMs: env.int('PROCESSOR_RETRY_MAX_MS', { default: 10_000, min: 1 }),
  dbPoolSize: env.int('PROCESSOR_DB_POOL_SIZE', { default: 4, min: 1 }),
  cityDataDir: env.string('CITY_DATA_DIR', { default: DEFAULT_CITY_DATA_DIR }),
  vehicleStaleSeconds: env.int('VEHICLE_STALE_SECONDS', { default: 120, min: 1 }),
  speedingTolerancePct: env.number('SPEEDING_TOLERANCE_PCT', { default: 10, min: 0 }),
  mapMatchMaxDistanceM: env.number('MAP_MATCH_MAX_DISTANCE_M', { default: 60, min: 1 }),
  zonesRefreshMs: env.int('ZONES_REFRESH_MS', { default: 60_000, min: 1000 }),
  redisCheckMs: env.int('PROCESSOR_REDIS_CHECK_MS', { default: 2000, min: 100 }),
  lagRefreshMs: env.int('PROCESSOR_LAG_REFRESH_MS', { default: 5000, min: 100 }),
  ...retentionConfigSpec,
};

export type ProcessorConfig = ReturnType<typeof parseConfig<typeof processorConfigSpec>>;

export function loadProcessorConfig(options: ParseOptions = {}): ProcessorConfig {
  return parseConfig(processorConfigSpec, options);
}
