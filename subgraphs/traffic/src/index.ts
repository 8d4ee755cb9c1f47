import { Redis } from 'ioredis';
import { createPrismaClient } from '@city/db';
import { createLogger } from '@city/log';
import { loadRoadNetwork } from '@city/roadgraph';
import { loadTrafficConfig } from './config.js';
import { createTrafficSubgraph } from './create-traffic-subgraph.js';

const config = loadTrafficConfig();
const log = createLogger({ service: 'subgraph-traffic', level: config.logLevel });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
const db = createPrismaClient({
  databaseUrl: config.databaseUrl,
  maxConnections: config.dbPoolSize,
});
const server = createTrafficSubgraph({
  redis,
  redisKeyPrefix: config.redisKeyPrefix,
  db,
  network: loadRoadNetwork(config.cityDataDir || undefined),
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
