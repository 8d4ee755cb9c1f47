// vitest globalSetup of the integration project: fails fast, with one clear message, when the
// services integration tests need do not answer.
import { loadInfraConfig } from '../src/config.js';
import { probeKafka, probePostgres, probeRedis, probeS3 } from '../src/health.js';

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export default async function requireInfra(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = loadInfraConfig(process.env, { warn: () => {} });
  const checks = await Promise.all([
    probeKafka(config.kafkaBrokers).then((p) => ({ name: `Kafka ${config.kafkaBrokers}`, ...p })),
    probeRedis(config.redisUrl).then((p) => ({
      name: `Redis ${withoutPassword(config.redisUrl)}`,
      ...p,
    })),
    probePostgres(config.databaseUrl).then((p) => ({
      name: `PostgreSQL ${withoutPassword(config.databaseUrl)}`,
      ...p,
    })),
    probeS3(config, config.s3Bucket).then((p) => ({ name: `S3 ${config.s3Endpoint}`, ...p })),
  ]);
  const failed = checks.filter((check) => !check.ok);
  if (failed.length > 0) {
    const lines = failed.map((check) => `  - ${check.name}: ${check.detail}`).join('\n');
    throw new Error(
      `Integration tests need Kafka, Redis, PostgreSQL and S3. Not answering:\n${lines}\nRun \`npm run infra:up\` (it starts Kafka and S3 and says how to get Redis and PostgreSQL).`,
    );
  }
}
