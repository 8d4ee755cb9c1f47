import { Redis } from 'ioredis';
import { createS3Client } from '@city/infra';
import { createLogger } from '@city/log';
import { loadVehiclesConfig } from './config.js';
import { createVehiclesSubgraph } from './create-vehicles-subgraph.js';

const config = loadVehiclesConfig();
const log = createLogger({ service: 'subgraph-vehicles', level: config.logLevel });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
const server = createVehiclesSubgraph({
  redis,
  redisKeyPrefix: config.redisKeyPrefix,
  s3: createS3Client(config),
  s3Bucket: config.s3Bucket,
  s3Prefix: config.s3Prefix,
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
      .then(() => redis.quit())
      .finally(() => process.exit(0));
  });
}
