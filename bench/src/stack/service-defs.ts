import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PROCESSOR_NODE_OPTIONS, REPO_ROOT } from '@city/infra';
import { benchJwtSecret, BENCH_NODE_ENV } from '../auth-token.js';
import type { ServiceDef } from './service-process.js';

export type ServiceName =
  'processor' | 'vehicles' | 'emergencies' | 'environment' | 'traffic' | 'gateway';

export interface StackAddresses {
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  readonly databaseUrl: string;
  readonly s3: {
    readonly s3Endpoint: string;
    readonly s3Region: string;
    readonly s3AccessKeyId: string;
    readonly s3SecretAccessKey: string;
    readonly bucket: string;
    readonly prefix: string;
  };
  readonly topicPrefix: string;
  readonly groupPrefix: string;
  readonly redisKeyPrefix: string;
  readonly ports: Readonly<Record<ServiceName, number>>;
}

const gatewaySecret = randomBytes(24).toString('hex');

/** The environment of every service: this run's infra, names, ports and secrets made up for it. */
export function commonEnv(a: StackAddresses): Record<string, string> {
  return {
    NODE_ENV: BENCH_NODE_ENV,
    JWT_SECRET: benchJwtSecret(),
    GATEWAY_SHARED_SECRET: gatewaySecret,
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: a.kafkaBrokers,
    REDIS_URL: a.redisUrl,
    REDIS_KEY_PREFIX: a.redisKeyPrefix,
    DATABASE_URL: a.databaseUrl,
    S3_ENDPOINT: a.s3.s3Endpoint,
    S3_BUCKET: a.s3.bucket,
    S3_REGION: a.s3.s3Region,
    S3_ACCESS_KEY_ID: a.s3.s3AccessKeyId,
    S3_SECRET_ACCESS_KEY: a.s3.s3SecretAccessKey,
    PROCESSOR_S3_PREFIX: a.s3.prefix,
    SUBGRAPH_HOST: '127.0.0.1',
  };
}

/** BENCH_CPU_PROF_DIR=dir: the service writes a V8 CPU profile there when it exits. */
function cpuProfile(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
}

const url = (port: number, p: string) => `http://127.0.0.1:${port}${p}`;

export function serviceDefs(
  a: StackAddresses,
  options: { parquetMaxAgeMs: number },
): Record<ServiceName, ServiceDef> {
  const env = commonEnv(a);
  const subgraph = (
    name: string,
    port: number,
    extra: Record<string, string> = {},
  ): ServiceDef => ({
    name,
    entry: `subgraphs/${name}/src/index.ts`,
    env: { ...env, [`${name.toUpperCase()}_SUBGRAPH_PORT`]: String(port), ...extra },
    healthUrl: url(port, '/health'),
    nodeOptions: cpuProfile(name),
  });
  return {
    processor: {
      name: 'processor',
      entry: 'processor/src/index.ts',
      env: {
        ...env,
        PROCESSOR_PORT: String(a.ports.processor),
        PROCESSOR_TOPIC_PREFIX: a.topicPrefix,
        PROCESSOR_GROUP_PREFIX: a.groupPrefix,
        PROCESSOR_PARQUET_MAX_AGE_MS: String(options.parquetMaxAgeMs),
      },
      healthUrl: url(a.ports.processor, '/health'),
      nodeOptions: [
        '--max-old-space-size=3072',
        ...PROCESSOR_NODE_OPTIONS,
        ...cpuProfile('processor'),
        // BENCH_PROCESSOR_NODE_OPTIONS="--max-semi-space-size=64": V8 flags for an A/B of the processor.
        ...(process.env.BENCH_PROCESSOR_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? []),
      ],
    },
    vehicles: subgraph('vehicles', a.ports.vehicles),
    emergencies: subgraph('emergencies', a.ports.emergencies, {
      EMERGENCIES_TOPIC_PREFIX: a.topicPrefix,
    }),
    environment: subgraph('environment', a.ports.environment),
    traffic: subgraph('traffic', a.ports.traffic),
    gateway: {
      name: 'gateway',
      entry: 'gateway/src/index.ts',
      env: {
        ...env,
        GATEWAY_PORT: String(a.ports.gateway),
        GATEWAY_HOST: '127.0.0.1',
        VEHICLES_SUBGRAPH_URL: url(a.ports.vehicles, '/graphql'),
        EMERGENCIES_SUBGRAPH_URL: url(a.ports.emergencies, '/graphql'),
        ENVIRONMENT_SUBGRAPH_URL: url(a.ports.environment, '/graphql'),
        TRAFFIC_SUBGRAPH_URL: url(a.ports.traffic, '/graphql'),
      },
      healthUrl: url(a.ports.gateway, '/health'),
      nodeOptions: [
        '--max-old-space-size=3072',
        ...cpuProfile('gateway'),
        // BENCH_GATEWAY_NODE_OPTIONS="--max-semi-space-size=32": V8 flags for an A/B of the gateway.
        ...(process.env.BENCH_GATEWAY_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? []),
      ],
    },
  };
}

/** Hive Gateway (the peer of `--peer hive`) on `port`, in front of this stack's subgraphs. */
export function hiveGatewayDef(a: StackAddresses, port: number): ServiceDef {
  return {
    name: 'hive-gateway',
    entry: 'bench/src/peer/hive-gateway-main.ts',
    env: {
      NODE_ENV: 'development',
      JWT_SECRET: benchJwtSecret(),
      GATEWAY_SHARED_SECRET: gatewaySecret,
      HIVE_GATEWAY_PORT: String(port),
      HIVE_SUPERGRAPH: path.join(REPO_ROOT, 'gateway', 'supergraph.graphql'),
      VEHICLES_SUBGRAPH_URL: url(a.ports.vehicles, '/graphql'),
      EMERGENCIES_SUBGRAPH_URL: url(a.ports.emergencies, '/graphql'),
      ENVIRONMENT_SUBGRAPH_URL: url(a.ports.environment, '/graphql'),
      TRAFFIC_SUBGRAPH_URL: url(a.ports.traffic, '/graphql'),
    },
    healthUrl: url(port, '/healthcheck'),
    // The same heap limit as our gateway.
    nodeOptions: ['--max-old-space-size=3072'],
  };
}

/** The simulator child process (load mode at `rate`, or `vehicles` every `intervalS`). */
export function simulatorDef(
  a: StackAddresses,
  load: { rate?: number; vehicles?: number; intervalS?: number; incidentsPerHour?: number },
  generation: number,
): ServiceDef {
  const args = ['--topic-prefix', a.topicPrefix, '--dispatch', 'false'];
  if (load.rate) args.push('--load', String(load.rate));
  else
    args.push(
      '--vehicles',
      String(load.vehicles ?? 500),
      '--interval',
      String(load.intervalS ?? 30),
    );
  if (load.incidentsPerHour !== undefined)
    args.push('--incidents-per-hour', String(load.incidentsPerHour));
  return {
    name: `simulator-${generation}`,
    entry: 'bench/src/load/simulator-proc.ts',
    args,
    env: { ...commonEnv(a), KAFKA_CLIENT_ID: 'bench-simulator' },
    nodeOptions: ['--max-semi-space-size=32', ...cpuProfile(`simulator-${generation}`)],
  };
}
