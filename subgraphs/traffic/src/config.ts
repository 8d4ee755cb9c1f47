import { commonInfraFields, env, parseConfig, type ParseOptions } from '@city/config';
import { subgraphConfigFields } from '@city/subgraph-kit';

export const trafficConfigSpec = {
  ...commonInfraFields,
  ...subgraphConfigFields('TRAFFIC_SUBGRAPH_PORT', 4004),
  cityDataDir: env.string('CITY_DATA_DIR', { default: '' }),
  dbPoolSize: env.int('TRAFFIC_SUBGRAPH_DB_POOL_SIZE', { default: 4, min: 1 }),
};

export type TrafficConfig = ReturnType<typeof parseConfig<typeof trafficConfigSpec>>;

export function loadTrafficConfig(options: ParseOptions = {}): TrafficConfig {
  return parseConfig(trafficConfigSpec, options);
}
