import { commonInfraFields, env, parseConfig, type ParseOptions } from '@city/config';
import { subgraphConfigFields } from '@city/subgraph-kit';

export const vehiclesConfigSpec = {
  ...commonInfraFields,
  ...subgraphConfigFields('VEHICLES_SUBGRAPH_PORT', 4001),
  s3Prefix: env.string('PROCESSOR_S3_PREFIX', {
    default: 'raw/',
    description: 'Key prefix of the processor Parquet batch layer (read for tracks)',
  }),
  cityDataDir: env.string('CITY_DATA_DIR', { default: '' }),
  dbPoolSize: env.int('VEHICLES_SUBGRAPH_DB_POOL_SIZE', { default: 2, min: 1 }),
};

export type VehiclesConfig = ReturnType<typeof parseConfig<typeof vehiclesConfigSpec>>;

export function loadVehiclesConfig(options: ParseOptions = {}): VehiclesConfig {
  return parseConfig(vehiclesConfigSpec, options);
}
