import { connectPgSession, createPrismaClient } from '@city/db';
import { createKafka, createS3Client } from '@city/infra';
import { createLogger } from '@city/log';
import { loadRoadNetwork } from '@city/roadgraph';
import { Redis } from 'ioredis';
import { loadProcessorConfig } from './config.js';
import { createStages } from './domains/create-stages.js';
import {
  loadNeighbourhoodZones,
  loadOperatorZones,
  ZoneIndex,
  type Zone,
} from './domains/vehicles/index.js';
import { createHttpServer } from './http/create-http-server.js';
import { createProcessorMetrics } from './metrics/processor-metrics.js';
import { normalise } from './normalise/index.js';
import { createRetentionJob } from './retention/retention-job.js';
import { retentionPolicies } from './retention/retention-policies.js';
import { scheduleRetention, type RetentionSchedule } from './retention/schedule-retention.js';
import { createProcessor } from './runtime/create-processor.js';

const config = loadProcessorConfig();
const log = createLogger({ service: 'processor', level: config.logLevel });

const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
const prisma = createPrismaClient({
  databaseUrl: config.databaseUrl,
  maxConnections: config.dbPoolSize,
});
const s3 = createS3Client(config);
const kafka = createKafka(config, { logger: log, clientId: `${config.kafkaClientId}-processor` });

const network = loadRoadNetwork(config.cityDataDir);
const neighbourhoods = loadNeighbourhoodZones(config.cityDataDir);
const zones = new ZoneIndex(neighbourhoods);
async function refreshZones(): Promise<void> {
  try {
    const operator: Zone[] = await loadOperatorZones(prisma);
    zones.replace([...neighbourhoods, ...operator]);
  } catch (error) {
    log.warn({ err: error }, 'cannot load operator zones; keeping the previous ones');
  }
}
await refreshZones();
const zonesTimer = setInterval(() => void refreshZones(), config.zonesRefreshMs);
zonesTimer.unref();

const metrics = createProcessorMetrics({ defaultMetrics: true });
const processor = createProcessor({
  kafka,
  redis,
  prisma,
  s3,
  log,
  config,
  stages: createStages({ config, network, zones }),
  normalise,
  metrics,
  redisCheckMs: config.redisCheckMs,
  lagRefreshMs: config.lagRefreshMs,
});
const server = createHttpServer(metrics.registry, () => processor.health());
// PostgreSQL retention: every process tries it; the advisory lock lets one at a time work.
const retentionJob = createRetentionJob({
  connect: () =>
    connectPgSession({
      databaseUrl: config.databaseUrl,
      applicationName: 'city-processor-retention',
      statementTimeoutMs: 300_000,
    }),
  policies: retentionPolicies(config),
  chunkRows: config.retentionChunkRows,
  pauseMs: config.retentionPauseMs,
  now: Date.now,
  log,
  metrics,
});
let retention: RetentionSchedule | undefined;

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: finishing batches, flushing Parquet, committing');
  clearInterval(zonesTimer);
  try {
    await Promise.all([processor.stop(), retention?.stop()]);
  } catch (error) {
    log.error({ err: error }, 'graceful stop failed');
    process.exitCode = 1;
  }
  server.close();
  await Promise.allSettled([redis.quit(), prisma.$disconnect()]);
  s3.destroy();
  log.flush();
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

try {
  await processor.start();
  retention = scheduleRetention({ job: retentionJob, intervalMs: config.retentionIntervalMs });
  log.info(
    {
      intervalMs: config.retentionIntervalMs,
      days: Object.fromEntries(retentionPolicies(config).map((p) => [p.table, p.days])),
    },
    'retention horizons (days, 0 = kept forever)',
  );
  server.listen(config.port, () =>
    log.info({ port: config.port, zones: zones.size }, 'processor listening'),
  );
} catch (error) {
  log.fatal({ err: error }, 'processor failed to start');
  log.flush();
  process.exit(1);
}
