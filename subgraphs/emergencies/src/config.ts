import { commonInfraFields, env, parseConfig, type ParseOptions } from '@city/config';
import { subgraphConfigFields } from '@city/subgraph-kit';

export const emergenciesConfigSpec = {
  ...commonInfraFields,
  ...subgraphConfigFields('EMERGENCIES_SUBGRAPH_PORT', 4002),
  cityDataDir: env.string('CITY_DATA_DIR', { default: '' }),
  dbPoolSize: env.int('EMERGENCIES_SUBGRAPH_DB_POOL_SIZE', { default: 4, min: 1 }),
  topicPrefix: env.string('EMERGENCIES_TOPIC_PREFIX', {
    default: '',
    description: 'Prefix of the Kafka topics mutations publish to (tests use a random one)',
  }),
};

export type EmergenciesConfig = ReturnType<typeof parseConfig<typeof emergenciesConfigSpec>>;

export function loadEmergenciesConfig(options: ParseOptions = {}): EmergenciesConfig {
  return parseConfig(emergenciesConfigSpec, options);
}
