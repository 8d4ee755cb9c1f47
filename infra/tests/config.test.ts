import { ConfigError } from '@city/errors';
import { describe, expect, it } from 'vitest';
import { loadInfraConfig } from '../src/config.js';
import { localInfraFromConfig } from '../src/local-infra.js';

const quiet = { warn: () => {} };

describe('loadInfraConfig', () => {
  it('defaults to the local ports of the README', () => {
    const config = loadInfraConfig({}, quiet);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafkaPort).toBe(9092);
    expect(config.kafkaControllerPort).toBe(9093);
    expect(config.s3Endpoint).toBe('http://127.0.0.1:4569');
    expect(config.s3Port).toBe(4569);
    expect(config.kafkaPartitions).toBeUndefined();
    expect(config.topicPartitions).toEqual({});
  });

  it('takes the ports from KAFKA_BROKERS and S3_ENDPOINT', () => {
    const config = loadInfraConfig(
      { KAFKA_BROKERS: 'localhost:19092', S3_ENDPOINT: 'http://localhost:14569' },
      quiet,
    );
    expect(config.kafkaPort).toBe(19092);
    expect(config.s3Port).toBe(14569);
  });

  it('moves the addresses with KAFKA_PORT and S3_PORT when those are the only settings', () => {
    const config = loadInfraConfig({ KAFKA_PORT: '29092', S3_PORT: '24569' }, quiet);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:29092']);
    expect(config.s3Endpoint).toBe('http://127.0.0.1:24569');
  });

  it('rejects ports that disagree with the addresses', () => {
    expect(() =>
      loadInfraConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_PORT: '9094' }, quiet),
    ).toThrow(ConfigError);
    expect(() =>
      loadInfraConfig({ S3_ENDPOINT: 'http://127.0.0.1:4569', S3_PORT: '4570' }, quiet),
    ).toThrow(/S3_PORT/);
    expect(() => loadInfraConfig({ KAFKA_CONTROLLER_PORT: '9092' }, quiet)).toThrow(
      /KAFKA_CONTROLLER_PORT/,
    );
  });

  it('reads partition overrides for all topics and per topic', () => {
    const config = loadInfraConfig(
      { KAFKA_PARTITIONS: '2', KAFKA_PARTITIONS_GPS_DATA: '12' },
      quiet,
    );
    expect(config.kafkaPartitions).toBe(2);
    expect(config.topicPartitions).toEqual({ gps_data: 12 });
    expect(() => loadInfraConfig({ KAFKA_PARTITIONS_GPS_DATA: 'many' }, quiet)).toThrow(
      /KAFKA_PARTITIONS_GPS_DATA/,
    );
  });
});

describe('localInfraFromConfig', () => {
  it('manages servers on this machine under the cache directory', () => {
    const infra = localInfraFromConfig(loadInfraConfig({ INFRA_CACHE_DIR: '/tmp/x' }, quiet));
    expect(infra.kafka).toMatchObject({
      dir: '/tmp/x/kafka',
      host: '127.0.0.1',
      port: 9092,
      controllerPort: 9093,
    });
    expect(infra.s3).toEqual({ dir: '/tmp/x/s3', host: '127.0.0.1', port: 4569 });
  });

  it('never starts servers for remote addresses', () => {
    const infra = localInfraFromConfig(
      loadInfraConfig(
        { KAFKA_BROKERS: 'kafka:9092', S3_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com' },
        quiet,
      ),
    );
    expect(infra).toEqual({ kafka: undefined, s3: undefined });
  });
});
