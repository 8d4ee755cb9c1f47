export { infraConfigSpec, loadInfraConfig } from './config.js';
export type { InfraConfig } from './config.js';
export { REPO_ROOT, DEFAULT_CACHE_DIR } from './paths.js';
export { createKafka, kafkaLogCreator } from './kafka/create-kafka.js';
export type { CreateKafkaOptions, KafkaClientConfig } from './kafka/create-kafka.js';
export { ensureTopics, platformTopics } from './kafka/ensure-topics.js';
export type { EnsureTopicsResult, PartitionSettings, TopicWanted } from './kafka/ensure-topics.js';
export { fetchKafka, kafkaLibsPresent } from './kafka/fetch-kafka.js';
export { renderServerProperties } from './kafka/server-properties.js';
export {
  brokerAddress,
  kafkaFiles,
  kafkaPid,
  startKafka,
  stopKafka,
} from './kafka/kafka-broker.js';
export type { KafkaInstance } from './kafka/kafka-broker.js';
export { createS3Client, ensureBucket } from './s3/create-s3-client.js';
export type { CreateS3ClientOptions, S3ClientConfig } from './s3/create-s3-client.js';
export { s3Files, s3Pid, startS3Server, stopS3Server } from './s3/s3-server-process.js';
export type { S3Instance } from './s3/s3-server-process.js';
export { ensureDatabase, probeKafka, probePostgres, probeRedis, probeS3 } from './health.js';
export type { Probe } from './health.js';
export { localInfraFromConfig } from './local-infra.js';
export type { LocalInfra } from './local-infra.js';
export { createPlatformTopics, upInfra } from './up.js';
export { downInfra } from './down.js';
export { freePort, isPortOpen, parseHostPort } from './ports.js';
export { isProcessAlive } from './process-control.js';
export { uniqueName, waitFor } from './testing.js';
export type { WaitForOptions } from './testing.js';
export { histogramDelta, histogramQuantile, parseHistograms } from './prom-histograms.js';
export { percentiles, snapshotDelta } from './prom-histograms.js';
export type { HistogramSeries, HistogramSnapshot, Percentiles } from './prom-histograms.js';
export { describeGatewayBreakdown, gatewayBreakdown } from './gateway-breakdown.js';
export type { GatewayBreakdown } from './gateway-breakdown.js';
export { describeBreakdown, processorBreakdown, scrapeHistograms } from './processor-breakdown.js';
export type { ProcessorBreakdown } from './processor-breakdown.js';
export { PROCESSOR_NODE_OPTIONS } from './stack/services.js';
