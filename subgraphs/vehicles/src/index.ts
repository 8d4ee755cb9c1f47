import { Redis } from 'ioredis';
import { createPrismaClient } from '@city/db';
import { createS3Client } from '@city/infra';
import { runSubgraph } from '@city/subgraph-kit';
import { loadVehiclesConfig } from './config.js';
import { createVehiclesSubgraph } from './create-vehicles-subgraph.js';

const config = loadVehiclesConfig();
await runSubgraph('vehicles', config, ({ server, closeOnStop }) =>
  createVehiclesSubgraph({
    ...server,
    redis: closeOnStop(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }), (r) => r.quit()),
    redisKeyPrefix: config.redisKeyPrefix,
    db: closeOnStop(
      createPrismaClient({ databaseUrl: config.databaseUrl, maxConnections: config.dbPoolSize }),
      (db) => db.$disconnect(),
    ),
    s3: createS3Client(config),
    s3Bucket: config.s3Bucket,
    s3Prefix: config.s3Prefix,
    cityDataDir: config.cityDataDir,
  }),
);
