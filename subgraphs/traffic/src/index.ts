import { Redis } from 'ioredis';
import { createPrismaClient } from '@city/db';
import { loadRoadNetwork } from '@city/roadgraph';
import { runSubgraph } from '@city/subgraph-kit';
import { loadTrafficConfig } from './config.js';
import { createTrafficSubgraph } from './create-traffic-subgraph.js';

const config = loadTrafficConfig();
await runSubgraph('traffic', config, ({ server, closeOnStop }) =>
  createTrafficSubgraph({
    ...server,
    redis: closeOnStop(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }), (r) => r.quit()),
    redisKeyPrefix: config.redisKeyPrefix,
    db: closeOnStop(
      createPrismaClient({ databaseUrl: config.databaseUrl, maxConnections: config.dbPoolSize }),
      (db) => db.$disconnect(),
    ),
    network: loadRoadNetwork(config.cityDataDir || undefined),
  }),
);
