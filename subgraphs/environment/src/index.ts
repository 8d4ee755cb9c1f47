import { Redis } from 'ioredis';
import { createPrismaClient } from '@city/db';
import { createLogger } from '@city/log';
import { loadRoadNetwork } from '@city/roadgraph';
import { loadEnvironmentConfig } from './config.js';
import { createEnvironmentSubgraph } from './create-environment-subgraph.js';

const config = loadEnvironmentConfig();
const log = createLogger({ service: 'subgraph-environment', level: config.logLevel });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
const db = createPrismaClient({
  databaseUrl: config.databaseUrl,
  maxConnections: config.dbPoolSize,
});
const server = createEnvironmentSubgraph({
  redis,
  redisKeyPrefix: config.redisKeyPrefix,
  db,
  network: loadRoadNetwork(config.cityDataDir || undefined),
  cityDataDir: config.cityDataDir,
  port: config.port,
  host: config.host,
  gatewaySecret: config.gatewaySecret,
  production: config.nodeEnv === 'production',
  log,
});

await server.start();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'stopping');
    void server
      .stop()
      .then(() => Promise.all([redis.quit(), db.$disconnect()]))
      .finally(() => process.exit(0));
  });
}
