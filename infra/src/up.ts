import type { InfraConfig } from './config.js';
import { createKafka } from './kafka/create-kafka.js';
import { ensureTopics, platformTopics, type EnsureTopicsResult } from './kafka/ensure-topics.js';
import { fetchKafka } from './kafka/fetch-kafka.js';
import { startKafka } from './kafka/kafka-broker.js';
import { ensureDatabase, probeKafka, probePostgres, probeRedis, probeS3 } from './health.js';
import type { LocalInfra } from './local-infra.js';
import { createS3Client, ensureBucket } from './s3/create-s3-client.js';
import { startS3Server } from './s3/s3-server-process.js';

type Say = (message: string) => void;

const REDIS_HINT =
  'start Redis: `docker compose up -d redis` (docker-compose.yml at the repository root), or `apt-get install -y redis-server && redis-server --daemonize yes` (macOS: `brew services start redis`); REDIS_URL must reach it';
const POSTGRES_HINT =
  'start PostgreSQL: `docker compose up -d postgres` (set POSTGRES_PASSWORD in .env, then DATABASE_URL=postgresql://city:<password>@127.0.0.1:5432/smart_city), or `apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (macOS: `brew services start postgresql`); DATABASE_URL must reach it';

/** Creates every contract topic and its DLQ on the configured brokers. */
export async function createPlatformTopics(config: InfraConfig): Promise<EnsureTopicsResult> {
  const admin = createKafka(config).admin();
  await admin.connect();
  try {
    return await ensureTopics(
      admin,
      platformTopics({
        kafkaPartitions: config.kafkaPartitions,
        topicPartitions: config.topicPartitions,
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

export function describeTopics(result: EnsureTopicsResult): string {
  const parts = [
    `${result.created.length} created`,
    `${result.grown.length} grown`,
    `${result.unchanged.length} unchanged`,
  ];
  if (result.larger.length > 0) {
    parts.push(
      `${result.larger.length} with more partitions than configured (${result.larger.join(', ')})`,
    );
  }
  return `Topics: ${parts.join(', ')}`;
}

export interface UpResult {
  /** Problems with Redis/PostgreSQL, which infra:up does not start. */
  readonly missing: string[];
}

/**
 * Brings up Kafka and S3 for `infra` (starting local ones as needed), creates topics and the
 * bucket, and checks Redis and PostgreSQL. Throws when Kafka or S3 cannot be brought up.
 */
export async function upInfra(
  config: InfraConfig,
  infra: LocalInfra,
  say: Say = () => {},
): Promise<UpResult> {
  const brokers = config.kafkaBrokers.join(',');
  if (infra.kafka) {
    fetchKafka({ libsDir: infra.kafka.libsDir, say });
    await startKafka(infra.kafka, { timeoutMs: config.startTimeoutMs, say });
  } else {
    const probe = await probeKafka(config.kafkaBrokers);
    if (!probe.ok) throw new Error(`Kafka at ${brokers} does not answer: ${probe.detail}`);
    say(`Kafka: using ${brokers} (${probe.detail})`);
  }
  say(describeTopics(await createPlatformTopics(config)));

  if (infra.s3) {
    await startS3Server(infra.s3, { timeoutMs: config.startTimeoutMs, client: config, say });
  } else {
    const probe = await probeS3(config);
    if (!probe.ok) throw new Error(`S3 at ${config.s3Endpoint} does not answer: ${probe.detail}`);
    say(`S3: using ${config.s3Endpoint}`);
  }
  const s3 = createS3Client(config);
  try {
    const created = await ensureBucket(s3, config.s3Bucket);
    say(`S3: bucket ${config.s3Bucket} ${created ? 'created' : 'present'}`);
  } finally {
    s3.destroy();
  }

  const missing: string[] = [];
  const redis = await probeRedis(config.redisUrl);
  if (redis.ok) say(`Redis: ${config.redisUrl} answers`);
  else missing.push(`Redis at ${config.redisUrl} does not answer (${redis.detail}): ${REDIS_HINT}`);

  let postgres = await probePostgres(config.databaseUrl);
  if (!postgres.ok && /does not exist/.test(postgres.detail)) {
    if (await ensureDatabase(config.databaseUrl)) say('PostgreSQL: created the database');
    postgres = await probePostgres(config.databaseUrl);
  }
  const dbName = new URL(config.databaseUrl).pathname.slice(1);
  if (postgres.ok) say(`PostgreSQL: database ${dbName} answers (${postgres.detail})`);
  else
    missing.push(`PostgreSQL (${dbName}) does not answer (${postgres.detail}): ${POSTGRES_HINT}`);
  return { missing };
}
