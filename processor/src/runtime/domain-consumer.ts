import type { TopicName } from '@city/contracts';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { checkpointKey, loadCheckpoint } from '../sinks/checkpoint-store.js';
import { flushParquet, processBatch, type BatchDeps, type BatchSettings } from './process-batch.js';
import { PartitionState } from './partition-state.js';
import type { TopicNamer } from './topic-names.js';

export interface DomainConsumerOptions<S> extends Omit<
  BatchDeps<S>,
  'ownsDeadLetters' | 'stopping'
> {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly topics: TopicNamer;
  readonly groupId: string;
  /** Topics whose batch layer (Parquet) and DLQ this domain writes. */
  readonly archiveTopics: readonly TopicName[];
  readonly partitionsConcurrently: number;
  readonly maxBytesPerPartition: number;
  readonly settings: BatchSettings;
}

export interface DomainConsumer {
  readonly domain: string;
  readonly groupId: string;
  start(): Promise<void>;
  /** Finishes the batch in flight, flushes Parquet buffers, commits, leaves the group. */
  stop(): Promise<void>;
  running(): boolean;
  /** Whether the consumer has joined its group and received partitions. */
  joined(): boolean;
  /** Writes buffers that are older than the Parquet age limit (idle partitions) and commits. */
  flushDue(force?: boolean): Promise<void>;
}

export function createDomainConsumer<S>(options: DomainConsumerOptions<S>): DomainConsumer {
  const { stage, kafka, redis, topics, log } = options;
  const domain = stage.domain;
  const subscribed = [...new Set([...stage.topics, ...options.archiveTopics])];
  const parts = new Map<string, PartitionState<S>>();
  const inFlight = new Set<Promise<unknown>>();
  let consumer: Consumer | undefined;
  let stopping = false;
  let isRunning = false;
  let hasJoined = false;
  let timer: NodeJS.Timeout | undefined;

  const deps = (topic: TopicName): BatchDeps<S> => ({
    ...options,
    ownsDeadLetters: options.archiveTopics.includes(topic),
    stopping: () => stopping,
  });

  async function partitionFor(physical: string, partition: number): Promise<PartitionState<S>> {
    const topic = topics.logical(physical);
    if (!topic) throw new Error(`unexpected topic ${physical}`);
    const id = `${physical}:${partition}`;
    let part = parts.get(id);
    if (!part) {
      part = new PartitionState<S>(
        topic,
        physical,
        partition,
        options.archiveTopics.includes(topic),
      );
      parts.set(id, part);
    }
    if (!part.loaded) {
      const key = checkpointKey(options.settings.redisKeyPrefix, domain, topic, partition);
      part.restore(stage, await loadCheckpoint(redis, key));
      log.debug(
        { topic, partition, checkpoint: part.checkpointOffset.toString() },
        'partition state restored',
      );
    }
    return part;
  }

  async function commit(physical: string, partition: number, offset: string): Promise<void> {
    await consumer!.commitOffsets([{ topic: physical, partition, offset }]);
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (stopping || batch.messages.length === 0) return;

    const part = await partitionFor(batch.topic, batch.partition);
    const run = part.lock(() =>
      processBatch(deps(part.topic), part, batch.messages, {
        resolveOffset: (offset) => payload.resolveOffset(offset),
        commit: (offset) => commit(batch.topic, batch.partition, offset),
        heartbeat: () => payload.heartbeat(),
        pause: () => payload.pause(),
      }),
    );
    inFlight.add(run);
    try {
      await run;
      options.metrics.consumerLag.set(
        { domain, topic: part.topic, partition: String(batch.partition) },
        Number(batch.offsetLag()),
      );
    } finally {
      inFlight.delete(run);
    }
  }

  async function flushDue(force = false): Promise<void> {
    const now = options.clock();
    const due = [...parts.values()].filter(
      (p) =>
        p.buffer &&
        p.buffer.rows.length > 0 &&
        (force ||
          p.buffer.due(now, options.settings.parquetMaxRows, options.settings.parquetMaxAgeMs)),
    );
    await Promise.all(
      due.map((part) =>
        part
          .lock(async () => {
            const rows = part.buffer!.rows;
            if (rows.length === 0) return;
            const next = (BigInt(rows[rows.length - 1]!.offset) + 1n).toString();
            await flushParquet(deps(part.topic), part, { pause: () => () => undefined }, {});
            await commit(part.physicalTopic, part.partition, next);
          })
          .catch((error: unknown) =>
            log.warn({ err: error, topic: part.topic }, 'timed flush failed'),
          ),
      ),
    );
  }

  return {
    domain,
    groupId: options.groupId,
    running: () => isRunning,
    joined: () => hasJoined,
    flushDue,
    async start() {
      consumer = kafka.consumer({
        groupId: options.groupId,
        maxBytesPerPartition: options.maxBytesPerPartition,
        allowAutoTopicCreation: false,
        sessionTimeout: 30_000,
        heartbeatInterval: 3_000,
        // Never stay down: after any failure the consumer rejoins and resumes from the commits.
        retry: { retries: 10, restartOnFailure: async () => true },
      });
      // A (re)join restarts every partition from its committed offset: drop what memory holds
      // and restore from the checkpoints, so nothing is applied or archived twice.
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        parts.clear();
        hasJoined = true;
        log.info({ assignment: event.payload.memberAssignment }, 'partitions assigned');
      });
      consumer.on(consumer.events.CRASH, (event) => {
        isRunning = false;
        log.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
      });
      consumer.on(consumer.events.FETCH_START, () => {
        isRunning = true;
      });
      await consumer.connect();
      await consumer.subscribe({
        topics: subscribed.map((t) => topics.physical(t)),
        fromBeginning: true,
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConcurrently,
        eachBatch,
      });
      isRunning = true;
      const interval = Math.max(250, Math.min(5_000, options.settings.parquetMaxAgeMs / 2));
      timer = setInterval(() => void flushDue(), interval);
      timer.unref();
    },
    async stop() {
      if (!consumer) return;
      if (timer) clearInterval(timer);
      stopping = true;
      consumer.pause(subscribed.map((t) => ({ topic: topics.physical(t) })));
      await Promise.allSettled([...inFlight]);
      await flushDue(true);
      await consumer.disconnect();
      isRunning = false;
      consumer = undefined;
    },
  };
}
