import { Redis } from 'ioredis';
import { createPrismaClient } from '@city/db';
import { loadRoadNetwork } from '@city/roadgraph';
import { runSubgraph } from '@city/subgraph-kit';
import { loadEnvironmentConfig } from './config.js';
import { createEnvironmentSubgraph } from './create-environment-subgraph.js';

const config = loadEnvironmentConfig();
await runSubgraph('environment', config, ({ server, closeOnStop }) =>
  createEnvironmentSubgraph({
    ...server,
    redis: closeOnStop(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }), (r) => r.quit()),
    redisKeyPrefix: config.redisKeyPrefix,
    db: closeOnStop(
      createPrismaClient({ databaseUrl: config.databaseUrl, maxConnections: config.dbPoolSize }),
      (db) => db.$disconnect(),
    ),
    network: loadRoadNetwork(config.cityDataDir || undefined),
    cityDataDir: config.cityDataDir,
  }),
);
