import { env } from './fields.js';

/** The connection settings every service shares, with the local defaults from the README. */
export const commonInfraFields = {
  kafkaBrokers: env.list('KAFKA_BROKERS', {
    default: ['127.0.0.1:9092'],
    description: 'Kafka bootstrap servers, comma separated',
  }),
  kafkaClientId: env.string('KAFKA_CLIENT_ID', { default: 'smart-city' }),
  redisUrl: env.url('REDIS_URL', {
    default: 'redis://127.0.0.1:6379',
    protocols: ['redis', 'rediss'],
  }),
  redisKeyPrefix: env.string('REDIS_KEY_PREFIX', { default: 'city:' }),
  databaseUrl: env.url('DATABASE_URL', {
    default: 'postgresql://postgres@127.0.0.1:5432/smart_city',
    protocols: ['postgres', 'postgresql'],
  }),
  s3Endpoint: env.url('S3_ENDPOINT', {
    default: 'http://127.0.0.1:4569',
    protocols: ['http', 'https'],
  }),
  s3Bucket: env.string('S3_BUCKET', { default: 'city-batch' }),
  s3Region: env.string('S3_REGION', { default: 'us-east-1' }),
  s3AccessKeyId: env.secret('S3_ACCESS_KEY_ID', { developmentValue: 'S3RVER', minLength: 3 }),
  s3SecretAccessKey: env.secret('S3_SECRET_ACCESS_KEY', {
    developmentValue: 'S3RVER',
    minLength: 3,
  }),
  logLevel: env.oneOf('LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
    default: 'info',
  }),
} as const;
