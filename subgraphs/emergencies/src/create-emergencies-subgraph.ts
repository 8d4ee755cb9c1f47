import type { Redis } from 'ioredis';
import type { PrismaClient } from '@city/db';
import type { Logger } from '@city/log';
import { DEFAULT_CITY_DATA_DIR, type RoadNetwork } from '@city/roadgraph';
import {
  createChangeFeedSubscriber,
  createSubgraphServer,
  type SubgraphServer,
} from '@city/subgraph-kit';
import { loadNeighbourhoodZones } from '@city/processor/domains/vehicles/load-zones.js';
import { ZoneIndex } from '@city/processor/domains/vehicles/zone-index.js';
import { createDispatchPlanner, type DispatchPlanner } from './dispatch-planner.js';
import type { EventPublisher } from './event-publisher.js';
import { createIncidentCommands } from './incident-commands.js';
import { createIncidentHistory } from './incident-history.js';
import { createIncidentStore } from './incident-store.js';
import { changeChannel } from './redis-keys.js';
import { emergenciesResolvers, emergenciesTypeDefs } from './schema.js';
import { createUnitStore } from './unit-store.js';
import { createZoneCommands } from './zone-commands.js';

export interface EmergenciesSubgraphDeps {
  readonly redis: Redis;
  readonly redisKeyPrefix: string;
  readonly db: PrismaClient;
  readonly network: RoadNetwork;
  readonly publisher: EventPublisher;
  readonly cityDataDir?: string;
  readonly port: number;
  readonly host?: string;
  readonly gatewaySecret: string;
  readonly production: boolean;
  readonly log: Logger;
}

const planners = new WeakMap<RoadNetwork, DispatchPlanner>();

/** The emergencies subgraph with its dependencies injected (tests pass their own prefix, schema, topics). */
export function createEmergenciesSubgraph(deps: EmergenciesSubgraphDeps): SubgraphServer {
  let planner = planners.get(deps.network);
  if (!planner) planners.set(deps.network, (planner = createDispatchPlanner(deps.network)));
  const units = createUnitStore(deps.redis, deps.redisKeyPrefix);
  const incidents = createIncidentStore(deps.db);
  const commands = createIncidentCommands({
    db: deps.db,
    publisher: deps.publisher,
    planner,
    network: deps.network,
    units,
    log: deps.log,
  });
  const zones = createZoneCommands(deps.db);
  const neighbourhoods = new ZoneIndex(
    loadNeighbourhoodZones(deps.cityDataDir || DEFAULT_CITY_DATA_DIR),
  );
  // One subscriber connection per process, shared by every subscription.
  const feed = createChangeFeedSubscriber(deps.redis.duplicate(), deps.log);
  const context = {
    feed,
    feedChannel: changeChannel(deps.redisKeyPrefix, 'emergencies'),
    incidents,
    history: createIncidentHistory(deps.db),
    units,
    planner,
    commands,
    zones,
    neighbourhoods,
    network: deps.network,
  };
  return createSubgraphServer({
    name: 'emergencies',
    typeDefs: emergenciesTypeDefs.document,
    resolvers: emergenciesResolvers,
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
