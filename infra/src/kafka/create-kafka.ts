import type { Logger } from '@city/log';
import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';

export interface KafkaClientConfig {
  readonly kafkaBrokers: readonly string[];
  readonly kafkaClientId: string;
}

export interface CreateKafkaOptions {
  /** kafkajs logs go here (warn and above); silent when absent. */
  readonly logger?: Logger;
  readonly clientId?: string;
  /** Extra kafkajs settings, e.g. `retry` or `connectionTimeout`. */
  readonly overrides?: Partial<Omit<KafkaConfig, 'brokers' | 'clientId' | 'logCreator'>>;
}

/** Routes kafkajs log entries to a pino logger with the kafkajs namespace as context. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...extra } = log;
      const child = { kafkajs: namespace, ...extra };
      if (level === logLevel.ERROR) logger.error(child, message);
      else if (level === logLevel.WARN) logger.warn(child, message);
      else if (level === logLevel.INFO) logger.info(child, message);
      else logger.debug(child, message);
    };
}

/** A kafkajs client for the configured brokers. */
export function createKafka(config: KafkaClientConfig, options: CreateKafkaOptions = {}): Kafka {
  const logger = options.logger;
  return new Kafka({
    brokers: [...config.kafkaBrokers],
    clientId: options.clientId ?? config.kafkaClientId,
    ...(logger
      ? { logLevel: logLevel.WARN, logCreator: kafkaLogCreator(logger) }
      : { logLevel: logLevel.NOTHING }),
    ...options.overrides,
  });
}
