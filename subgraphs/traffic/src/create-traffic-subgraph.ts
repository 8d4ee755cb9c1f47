import type { Redis } from 'ioredis';
import type { RoadNetwork } from '@city/roadgraph';
import type { Logger } from '@city/log';
import {
  createChangeFeedSubscriber,
  createSubgraphServer,
  type SubgraphServer,
} from '@city/subgraph-kit';
import { createCongestionTracker } from './congestion-tracker.js';
import { changeChannel } from './redis-keys.js';
import { trafficResolvers, trafficTypeDefs } from './schema.js';
import { createSegmentCatalog } from './segment-catalog.js';
import type { RawQuery } from './speed-history.js';
import { createTrafficStore } from './traffic-store.js';

export interface TrafficSubgraphDeps {
  readonly redis: Redis;
  readonly redisKeyPrefix: string;
  readonly db: RawQuery;
  readonly network: RoadNetwork;
  readonly port: number;
  readonly host?: string;
  readonly gatewaySecret: string;
  readonly production: boolean;
  readonly log: Logger;
}

/** The traffic subgraph with its dependencies injected. */
export function createTrafficSubgraph(deps: TrafficSubgraphDeps): SubgraphServer {
  const catalog = createSegmentCatalog(deps.network);
  const store = createTrafficStore(deps.redis, deps.redisKeyPrefix);
  // One subscriber connection per process, shared by every subscription.
  const feed = createChangeFeedSubscriber(deps.redis.duplicate(), deps.log);
  const congestion = createCongestionTracker(feed, changeChannel(deps.redisKeyPrefix, 'traffic'));
  return createSubgraphServer({
    name: 'traffic',
    typeDefs: trafficTypeDefs.document,
    resolvers: trafficResolvers,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    gatewaySecret: deps.gatewaySecret,
    production: deps.production,
    log: deps.log,
    context: () => ({ catalog, store, db: deps.db, congestion }),
    onStop: () => feed.close(),
    health: {
      redis: () => deps.redis.ping(),
      postgres: () => deps.db.$queryRawUnsafe('SELECT 1'),
    },
  });
}
