import type { Redis } from 'ioredis';
import type { Logger } from '@city/log';
import type { RoadNetwork } from '@city/roadgraph';
import {
  createChangeFeedSubscriber,
  createSubgraphServer,
  type SubgraphServer,
} from '@city/subgraph-kit';
import { createAirQualityMinutes } from './air-quality-minutes.js';
import { createHistoryStore, type RawQuery } from './history-store.js';
import { createPlaces } from './places.js';
import { changeChannel } from './redis-keys.js';
import { environmentResolvers, environmentTypeDefs } from './schema.js';
import { createStationStore } from './station-store.js';

export interface EnvironmentSubgraphDeps {
  readonly redis: Redis;
  readonly redisKeyPrefix: string;
  readonly db: RawQuery;
  readonly network: RoadNetwork;
  readonly cityDataDir?: string;
  readonly port: number;
  readonly host?: string;
  readonly gatewaySecret: string;
  readonly production: boolean;
  readonly log: Logger;
}

/** The environment subgraph with its dependencies injected. */
export function createEnvironmentSubgraph(deps: EnvironmentSubgraphDeps): SubgraphServer {
  // One subscriber connection per process, shared by every subscription.
  const feed = createChangeFeedSubscriber(deps.redis.duplicate(), deps.log);
  const context = {
    feed,
    feedChannel: changeChannel(deps.redisKeyPrefix, 'environment'),
    stations: createStationStore(deps.redis, deps.redisKeyPrefix),
    history: createHistoryStore(deps.db),
    airMinutes: createAirQualityMinutes(deps.db),
    places: createPlaces(deps.network, deps.cityDataDir || undefined),
  };
  return createSubgraphServer({
    name: 'environment',
    typeDefs: environmentTypeDefs.document,
    resolvers: environmentResolvers,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    gatewaySecret: deps.gatewaySecret,
    production: deps.production,
    log: deps.log,
    context: () => context,
    onStop: () => feed.close(),
    health: {
      redis: () => deps.redis.ping(),
      postgres: () => deps.db.$queryRawUnsafe('SELECT 1'),
    },
  });
}
