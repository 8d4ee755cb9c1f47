import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ProcessorMetrics {
  readonly registry: Registry;
  readonly eventsIn: Counter<'domain' | 'topic'>;
  readonly eventsOut: Counter<'domain' | 'topic'>;
  readonly deadLetters: Counter<'domain' | 'topic' | 'reason'>;
  readonly invalidSkipped: Counter<'domain' | 'topic'>;
  readonly lateEvents: Counter<'domain' | 'topic'>;
  readonly replayed: Counter<'domain' | 'topic'>;
  readonly invalidEmits: Counter<'domain' | 'topic'>;
  readonly stageCounters: Counter<'domain' | 'name'>;
  readonly consumerLag: Gauge<'domain' | 'topic' | 'partition'>;
  readonly unprocessed: Gauge<'domain' | 'topic' | 'partition'>;
  readonly sinkLatency: Histogram<'domain' | 'sink'>;
  readonly sinkRetries: Counter<'domain' | 'sink'>;
  readonly batchSize: Histogram<'domain'>;
  readonly feedLatency: Histogram<'domain'>;
  readonly arrivalAge: Histogram<'domain' | 'message'>;
  readonly parquetRows: Counter<'topic'>;
  readonly parquetFiles: Counter<'topic'>;
  readonly pausedPartitions: Gauge<'domain'>;
  readonly retentionDeletedRows: Counter<'table'>;
  readonly retentionRuns: Counter<'outcome'>;
}

export function createProcessorMetrics(
  options: { defaultMetrics?: boolean } = {},
): ProcessorMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'processor_' });
  const registers = [registry];
  return {
    registry,
    eventsIn: new Counter({
      name: 'processor_events_in_total',
      help: 'Valid events consumed, per domain and topic',
      labelNames: ['domain', 'topic'],
      registers,
    }),
    eventsOut: new Counter({
      name: 'processor_events_out_total',
      help: 'Derived events produced to Kafka, per domain and topic',
      labelNames: ['domain', 'topic'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'processor_dead_letters_total',
      help: 'Messages sent to <topic>.dlq',
      labelNames: ['domain', 'topic', 'reason'],
      registers,
    }),
    invalidSkipped: new Counter({
      name: 'processor_invalid_skipped_total',
      help: 'Invalid messages skipped by a domain that does not own the topic DLQ',
      labelNames: ['domain', 'topic'],
      registers,
    }),
    lateEvents: new Counter({
      name: 'processor_late_events_total',
      help: 'Events older than the partition watermark (still archived)',
      labelNames: ['domain', 'topic'],
      registers,
    }),
    replayed: new Counter({
      name: 'processor_replayed_events_total',
      help: 'Events at or below the checkpoint re-read after a restart (archived, not re-applied)',
      labelNames: ['domain', 'topic'],
      registers,
    }),
    invalidEmits: new Counter({
      name: 'processor_invalid_emits_total',
      help: 'Derived events that failed contract validation and were not sent',
      labelNames: ['domain', 'topic'],
      registers,
    }),
    stageCounters: new Counter({
      name: 'processor_stage_events_total',
      help: 'Counters reported by the domain stages (speeding, geofence transitions, ...)',
      labelNames: ['domain', 'name'],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'processor_consumer_lag',
      help: "Messages between the group's committed offset and the partition's high watermark (refreshed periodically)",
      labelNames: ['domain', 'topic', 'partition'],
      registers,
    }),
    unprocessed: new Gauge({
      name: 'processor_unprocessed_messages',
      help: 'Messages between the last offset this process applied and the high watermark of its last fetch',
      labelNames: ['domain', 'topic', 'partition'],
      registers,
    }),
    sinkLatency: new Histogram({
      name: 'processor_sink_seconds',
      help: 'Time per batch in each sink',
      labelNames: ['domain', 'sink'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    sinkRetries: new Counter({
      name: 'processor_sink_retries_total',
      help: 'Sink attempts that failed and were retried',
      labelNames: ['domain', 'sink'],
      registers,
    }),
    batchSize: new Histogram({
      name: 'processor_batch_messages',
      help: 'Messages per processed batch',
      labelNames: ['domain'],
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers,
    }),
    feedLatency: new Histogram({
      name: 'processor_produce_to_feed_seconds',
      help: 'Kafka produce time of the causing event to change-feed publish',
      labelNames: ['domain'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    arrivalAge: new Histogram({
      name: 'processor_batch_arrival_age_seconds',
      help: "Age (since its Kafka timestamp) of a batch's oldest and newest message when the batch reaches the processor",
      labelNames: ['domain', 'message'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    parquetRows: new Counter({
      name: 'processor_parquet_rows_total',
      help: 'Rows written to the Parquet batch layer',
      labelNames: ['topic'],
      registers,
    }),
    parquetFiles: new Counter({
      name: 'processor_parquet_files_total',
      help: 'Parquet objects written',
      labelNames: ['topic'],
      registers,
    }),
    pausedPartitions: new Gauge({
      name: 'processor_paused_partitions',
      help: 'Partitions paused because a sink is retrying',
      labelNames: ['domain'],
      registers,
    }),
    retentionDeletedRows: new Counter({
      name: 'processor_retention_deleted_rows_total',
      help: 'Rows the retention job deleted from PostgreSQL, per table',
      labelNames: ['table'],
      registers,
    }),
    retentionRuns: new Counter({
      name: 'processor_retention_runs_total',
      help: 'Retention job runs by outcome (done, skipped: another processor held the lock, stopped, idle, failed)',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
