import type { S3Client } from '@aws-sdk/client-s3';
import type { Redis } from 'ioredis';
import {
  createChangeFeedSubscriber,
  createSubgraphServer,
  type SubgraphServer,
} from '@city/subgraph-kit';
import type { Logger } from '@city/log';
import { loadNeighborhoods } from './neighborhoods.js';
import { vehiclesResolvers, vehiclesTypeDefs } from './schema.js';
import { createTrackReader } from './track-reader.js';
import { createVehicleHistory, type RawQuery } from './vehicle-history.js';
import { createVehicleStore } from './vehicle-store.js';
import { changeChannel } from './redis-keys.js';

export interface VehiclesSubgraphDeps {
  readonly redis: Redis;
  readonly redisKeyPrefix: string;
  /** PostgreSQL: the processor's per-minute samples (history). */
  readonly db: RawQuery;
  readonly s3: S3Client;
  readonly s3Bucket: string;
  readonly s3Prefix: string;
  readonly cityDataDir?: string;
  readonly port: number;
  readonly host?: string;
  readonly gatewaySecret: string;
  readonly production: boolean;
  readonly log: Logger;
}

/** The vehicles subgraph with its dependencies injected (tests pass their own Redis prefix). */
export function createVehiclesSubgraph(deps: VehiclesSubgraphDeps): SubgraphServer {
  const store = createVehicleStore(deps.redis, deps.redisKeyPrefix);
  const tracks = createTrackReader(deps.s3, deps.s3Bucket, deps.s3Prefix);
  const history = createVehicleHistory(deps.db);
  const neighborhoods = new Map(
    loadNeighborhoods(deps.cityDataDir || undefined).map((n) => [n.id, n]),
  );
  // One subscriber connection per process, shared by every subscription.
  const feed = createChangeFeedSubscriber(deps.redis.duplicate(), deps.log);
  const feedChannel = changeChannel(deps.redisKeyPrefix, 'vehicles');
  return createSubgraphServer({
    name: 'vehicles',
    typeDefs: vehiclesTypeDefs.document,
    resolvers: vehiclesResolvers,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    gatewaySecret: deps.gatewaySecret,
    production: deps.production,
    log: deps.log,
    context: () => ({ store, tracks, history, neighborhoods, feed, feedChannel }),
    onStop: () => feed.close(),
    health: {
      redis: () => deps.redis.ping(),
      postgres: () => deps.db.$queryRawUnsafe('SELECT 1'),
    },
  });
}
