import path from 'node:path';
import type { InfraConfig } from './config.js';
import type { KafkaInstance } from './kafka/kafka-broker.js';
import { isLocalHost, parseHostPort } from './ports.js';
import type { S3Instance } from './s3/s3-server-process.js';

/**
 * What `infra:up` manages. A part is undefined when its address is not on this machine
 * (KAFKA_BROKERS / S3_ENDPOINT point elsewhere): then it is only checked, never started.
 */
export interface LocalInfra {
  readonly kafka?: KafkaInstance;
  readonly s3?: S3Instance;
}

export function localInfraFromConfig(config: InfraConfig): LocalInfra {
  const broker = parseHostPort(config.kafkaBrokers[0]!);
  const s3Host = new URL(config.s3Endpoint).hostname.replace(/^\[|\]$/g, '');
  const kafka: KafkaInstance | undefined =
    config.kafkaBrokers.length === 1 && isLocalHost(broker.host)
      ? {
          dir: path.join(config.cacheDir, 'kafka'),
          libsDir: config.kafkaLibsDir,
          host: broker.host === '0.0.0.0' ? '127.0.0.1' : broker.host,
          port: config.kafkaPort,
          controllerPort: config.kafkaControllerPort,
          heapMb: config.kafkaHeapMb,
        }
      : undefined;
  const s3: S3Instance | undefined = isLocalHost(s3Host)
    ? { dir: path.join(config.cacheDir, 's3'), host: s3Host, port: config.s3Port }
    : undefined;
  return { kafka, s3 };
}
