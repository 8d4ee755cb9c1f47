import { commonInfraFields, env, parseConfig, type ParseOptions } from '@city/config';
import { subgraphConfigFields } from '@city/subgraph-kit';

export const environmentConfigSpec = {
  ...commonInfraFields,
  ...subgraphConfigFields('ENVIRONMENT_SUBGRAPH_PORT', 4003),
  cityDataDir: env.string('CITY_DATA_DIR', { default: '' }),
  dbPoolSize: env.int('ENVIRONMENT_SUBGRAPH_DB_POOL_SIZE', { default: 4, min: 1 }),
};

export type EnvironmentConfig = ReturnType<typeof parseConfig<typeof environmentConfigSpec>>;

export function loadEnvironmentConfig(options: ParseOptions = {}): EnvironmentConfig {
  return parseConfig(environmentConfigSpec, options);
}
