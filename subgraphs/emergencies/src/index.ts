import { Redis } from 'ioredis';
import { Partitioners } from 'kafkajs';
import { createPrismaClient } from '@city/db';
import { createKafka } from '@city/infra';
import { loadRoadNetwork } from '@city/roadgraph';
import { runSubgraph } from '@city/subgraph-kit';
import { loadEmergenciesConfig } from './config.js';
import { createEmergenciesSubgraph } from './create-emergencies-subgraph.js';
import { createKafkaPublisher } from './event-publisher.js';

const config = loadEmergenciesConfig();
await runSubgraph('emergencies', config, async ({ server, log, closeOnStop }) => {
  const kafka = createKafka(config, { clientId: 'subgraph-emergencies', logger: log });
  const producer = closeOnStop(
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    }),
    (p) => p.disconnect(),
  );
  await producer.connect();
  return createEmergenciesSubgraph({
    ...server,
    redis: closeOnStop(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }), (r) => r.quit()),
    redisKeyPrefix: config.redisKeyPrefix,
    db: closeOnStop(
      createPrismaClient({ databaseUrl: config.databaseUrl, maxConnections: config.dbPoolSize }),
      (db) => db.$disconnect(),
    ),
    network: loadRoadNetwork(config.cityDataDir || undefined),
    publisher: createKafkaPublisher(producer, (topic) => `${config.topicPrefix}${topic}`),
    cityDataDir: config.cityDataDir,
  });
});
