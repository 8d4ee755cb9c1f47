import path from 'node:path';
import { commonInfraFields, env, parseConfig, type Field } from '@city/config';
import { ConfigError } from '@city/errors';
import { DEFAULT_CACHE_DIR } from './paths.js';
import { isLocalHost, parseHostPort } from './ports.js';

function optional<T>(field: Field<T>): Field<T | undefined> {
  return {
    variable: field.variable,
    description: field.description,
    parse: field.parse,
    fallback: () => undefined,
  };
}

export const infraConfigSpec = {
  ...commonInfraFields,
  kafkaPort: optional(
    env.port('KAFKA_PORT', { description: 'Broker port; defaults to the port in KAFKA_BROKERS' }),
  ),
  kafkaControllerPort: env.port('KAFKA_CONTROLLER_PORT', { default: 9093 }),
  kafkaHeapMb: env.int('KAFKA_HEAP_MB', { default: 512, min: 128 }),
  kafkaPartitions: optional(
    env.int('KAFKA_PARTITIONS', {
      min: 1,
      max: 1000,
      description: 'Partitions for every topic; KAFKA_PARTITIONS_<TOPIC> overrides one topic',
    }),
  ),
  s3Port: optional(
    env.port('S3_PORT', { description: 'S3 server port; defaults to the port in S3_ENDPOINT' }),
  ),
  cacheDir: env.string('INFRA_CACHE_DIR', {
    default: DEFAULT_CACHE_DIR,
    description: 'Where Kafka data, S3 data, logs and PID files live',
  }),
  kafkaLibsDir: env.string('KAFKA_LIBS_DIR', {
    default: path.join(DEFAULT_CACHE_DIR, 'kafka', 'libs'),
  }),
  startTimeoutMs: env.int('INFRA_START_TIMEOUT_MS', { default: 120_000, min: 1_000 }),
  stopTimeoutMs: env.int('INFRA_STOP_TIMEOUT_MS', { default: 30_000, min: 100 }),
};

type Parsed = ReturnType<typeof parseConfig<typeof infraConfigSpec>>;

export interface InfraConfig extends Omit<Parsed, 'kafkaPort' | 's3Port'> {
  readonly kafkaPort: number;
  readonly s3Port: number;
  /** Partition overrides from KAFKA_PARTITIONS_<TOPIC> (upper case topic name). */
  readonly topicPartitions: Readonly<Record<string, number>>;
}

/**
 * Reads the infra settings. KAFKA_BROKERS / S3_ENDPOINT are the source of truth; KAFKA_PORT /
 * S3_PORT alone move the local server and the address with it, and must agree when both are set.
 */
export function loadInfraConfig(
  source: NodeJS.ProcessEnv = process.env,
  options: { warn?: (message: string) => void } = {},
): InfraConfig {
  const parsed = parseConfig(infraConfigSpec, { source, ...options });

  const broker = parseHostPort(parsed.kafkaBrokers[0]!);
  let kafkaBrokers = parsed.kafkaBrokers;
  let kafkaPort = parsed.kafkaPort ?? broker.port;
  if (parsed.kafkaPort !== undefined && parsed.kafkaPort !== broker.port) {
    if (source.KAFKA_BROKERS) {
      throw new ConfigError('KAFKA_PORT', `${parsed.kafkaPort} disagrees with KAFKA_BROKERS`);
    }
    kafkaBrokers = Object.freeze([`${broker.host}:${parsed.kafkaPort}`]);
    kafkaPort = parsed.kafkaPort;
  }
  if (isLocalHost(broker.host) && kafkaPort === parsed.kafkaControllerPort) {
    throw new ConfigError('KAFKA_CONTROLLER_PORT', 'must differ from the broker port');
  }

  const endpoint = new URL(parsed.s3Endpoint);
  const endpointPort = Number(endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80));
  let s3Endpoint = parsed.s3Endpoint;
  let s3Port = parsed.s3Port ?? endpointPort;
  if (parsed.s3Port !== undefined && parsed.s3Port !== endpointPort) {
    if (source.S3_ENDPOINT) {
      throw new ConfigError('S3_PORT', `${parsed.s3Port} disagrees with S3_ENDPOINT`);
    }
    endpoint.port = String(parsed.s3Port);
    s3Endpoint = endpoint.origin;
    s3Port = parsed.s3Port;
  }

  const topicPartitions: Record<string, number> = {};
  for (const [variable, raw] of Object.entries(source)) {
    const match = /^KAFKA_PARTITIONS_(.+)$/.exec(variable);
    if (!match || !raw) continue;
    const field = env.int(variable, { min: 1, max: 1000 });
    topicPartitions[match[1]!.toLowerCase()] = parseConfig({ n: field }, { source }).n;
  }

  return Object.freeze({
    ...parsed,
    kafkaBrokers,
    kafkaPort,
    s3Endpoint,
    s3Port,
    topicPartitions: Object.freeze(topicPartitions),
  });
}
