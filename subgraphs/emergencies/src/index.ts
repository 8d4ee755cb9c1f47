import { Redis } from 'ioredis';
import { Partitioners } from 'kafkajs';
import { createPrismaClient } from '@city/db';
import { createKafka } from '@city/infra';
import { createLogger } from '@city/log';
import { loadRoadNetwork } from '@city/roadgraph';
import { loadEmergenciesConfig } from './config.js';
import { createEmergenciesSubgraph } from './create-emergencies-subgraph.js';
import { createKafkaPublisher } from './event-publisher.js';

const config = loadEmergenciesConfig();
const log = createLogger({ service: 'subgraph-emergencies', level: config.logLevel });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
const db = createPrismaClient({
  databaseUrl: config.databaseUrl,
  maxConnections: config.dbPoolSize,
});
const kafka = createKafka(config, { clientId: 'subgraph-emergencies', logger: log });
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});
await producer.connect();
const server = createEmergenciesSubgraph({
  redis,
  redisKeyPrefix: config.redisKeyPrefix,
  db,
  network: loadRoadNetwork(config.cityDataDir || undefined),
  publisher: createKafkaPublisher(producer, (topic) => `${config.topicPrefix}${topic}`),
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
      .then(() => Promise.all([producer.disconnect(), redis.quit(), db.$disconnect()]))
      .finally(() => process.exit(0));
  });
}
