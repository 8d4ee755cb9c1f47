import type { TopicName } from '@city/contracts';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { SqlQuery } from '../pipeline/rebuild.js';
import { checkpointKey, loadCheckpoint } from '../sinks/checkpoint-store.js';
import { epochKey, hasEpoch, writeRebuiltHot } from './hot-recovery.js';
import { CommitQueue } from './commit-queue.js';
import { createLagMonitor } from './lag-monitor.js';
import { partitionOf } from './partition-of.js';
import {
  commitDurable,
  flushParquet,
  startUpload,
  type BatchControl,
  type BatchDeps,
  type BatchSettings,
} from './process-batch.js';
import { PartitionState } from './partition-state.js';
import { createIsolatingProcessor } from './process-isolating.js';
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
  /** A fetch returns once this many bytes are there, or after fetchMaxWaitMs (kafkajs minBytes). */
  readonly fetchMinBytes?: number;
  readonly fetchMaxWaitMs?: number;
  readonly settings: BatchSettings;
  /** Reads PostgreSQL for the rebuild after Redis lost its data (none: no rebuild). */
  readonly query?: SqlQuery;
  /** How often the epoch marker is checked while running (ms). */
  readonly redisCheckMs?: number;
  /** How often processor_consumer_lag is read from Kafka (ms). */
  readonly lagRefreshMs?: number;
}

/** A partition whose batches keep failing: it makes no progress (reported by /health). */
export interface PartitionStall {
  readonly domain: string;
  /** Kafka topic. */
  readonly topic: string;
  readonly partition: number;
  /** The first offset it cannot get past. */
  readonly offset: string;
  /** When its first failed attempt happened (ISO-8601). */
  readonly since: string;
  /** Failed attempts in a row. */
  readonly failures: number;
  readonly error: string;
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
  /** Reads processor_consumer_lag from Kafka now (it is also refreshed periodically). */
  refreshLag(): Promise<void>;
  /**
   * Partitions whose batch failed again when it was re-read (kafkajs retries a failed batch, then
   * restarts the consumer from the commit): a failure splitting could not pin on an event, or one
   * that is not the data's fault. Cleared by the partition's next successful batch.
   */
  stalled(): PartitionStall[];
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
  let redisTimer: NodeJS.Timeout | undefined;
  /** Set while the hot layer is rebuilt: batches wait for it. */
  let recovering: Promise<void> | undefined;
  /** Batches between their start and their end (the rebuild waits for them). */
  const active = new Set<Promise<void>>();
  const partitionCounts = new Map<string, number>();
  /** Partitions whose last batch failed, by `<topic>:<partition>`. */
  const stalls = new Map<string, PartitionStall>();
  const marker = epochKey(options.settings.redisKeyPrefix, domain);
  const lag = createLagMonitor({
    kafka,
    groupId: options.groupId,
    domain,
    topics: new Map(subscribed.map((t) => [topics.physical(t), t])),
    gauge: options.metrics.consumerLag,
    log,
    intervalMs: options.lagRefreshMs ?? 5_000,
  });

  const deps = (topic: TopicName): BatchDeps<S> => ({
    ...options,
    ownsDeadLetters: options.archiveTopics.includes(topic),
    stopping: () => stopping,
  });
  const processIsolating = createIsolatingProcessor({
    deps,
    reload: (part) => partitionFor(part.physicalTopic, part.partition),
    hasFlush: stage.flush !== undefined,
    log,
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
      part.commits = commitQueueFor(part);
      parts.set(id, part);
    }
    if (!part.loaded) {
      const key = checkpointKey(options.settings.redisKeyPrefix, domain, topic, partition);
      const checkpoint = await loadCheckpoint(redis, key);
      const rebuilt = checkpoint ? undefined : await rebuildState(part);
      part.restore(stage, checkpoint);
      if (rebuilt !== undefined) part.state = rebuilt;
      log.debug(
        {
          topic,
          partition,
          checkpoint: part.checkpointOffset.toString(),
          rebuilt: rebuilt !== undefined,
        },
        'partition state restored',
      );
    }
    return part;
  }

  async function partitionCount(physical: string): Promise<number> {
    let n = partitionCounts.get(physical);
    if (n === undefined) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const meta = await admin.fetchTopicMetadata({ topics: [physical] });
        n = meta.topics[0]!.partitions.length;
      } finally {
        await admin.disconnect();
      }
      partitionCounts.set(physical, n);
    }
    return n;
  }

  /** No checkpoint (first start, or Redis lost it): the stage's state from PostgreSQL. */
  async function rebuildState(part: PartitionState<S>): Promise<S | undefined> {
    const { query } = options;
    if (!query || !stage.rebuild?.state || !stage.topics.includes(part.topic)) return undefined;
    const n = await partitionCount(part.physicalTopic);
    return stage.rebuild.state({
      query,
      now: options.clock(),
      topic: part.topic,
      partition: part.partition,
      owns: (key) => partitionOf(key, n) === part.partition,
    });
  }

  /**
   * Redis lost its data (no epoch marker): wait for the batches in flight, hold new ones, rebuild
   * the hot layer from PostgreSQL and rewrite the checkpoints of the partitions held in memory
   * (their state is intact), then set the marker.
   */
  async function recoverRedis(): Promise<void> {
    await Promise.allSettled([...active]);
    const started = options.clock();
    const writes = await stage.rebuild!.hot({ query: options.query!, now: started });
    for (const part of parts.values()) {
      if (!part.loaded || part.checkpointOffset < 0n) continue;
      const key = checkpointKey(
        options.settings.redisKeyPrefix,
        domain,
        part.topic,
        part.partition,
      );
      await options.sinks.hot.checkpoint(key, {
        offset: part.checkpointOffset.toString(),
        maxEventTime: part.maxEventTime,
        state: stage.snapshot(part.state),
        rejected: [...part.rejected],
      });
    }
    const written = await writeRebuiltHot(redis, options.settings.redisKeyPrefix, writes, {
      key: marker,
      value: new Date(started).toISOString(),
    });
    options.metrics.stageCounters.inc({ domain, name: 'hot_rebuilds' });
    log.warn(
      { hotWrites: written, ms: options.clock() - started },
      'Redis had lost the hot layer: rebuilt from PostgreSQL',
    );
  }

  /** Checks the epoch marker; rebuilds when it is gone. Concurrent calls share one rebuild. */
  async function checkRedis(): Promise<void> {
    if (recovering) return recovering;
    if (!options.query || !stage.rebuild) return;
    if (await hasEpoch(redis, marker)) return;
    recovering ??= recoverRedis().finally(() => {
      recovering = undefined;
    });
    return recovering;
  }

  function commitQueueFor(part: PartitionState<S>): CommitQueue {
    const { physicalTopic: topic, partition } = part;
    return new CommitQueue({
      send: async (offset) => {
        if (!consumer) throw new Error('consumer stopped before the commit');
        const end = options.metrics.sinkLatency.startTimer({ domain, sink: 'commit' });
        try {
          await consumer.commitOffsets([{ topic, partition, offset }]);
        } finally {
          end();
        }
      },
      onError: (error, offset) => {
        options.metrics.sinkRetries.inc({ domain, sink: 'commit' });
        log.warn(
          { err: error, topic, partition, offset: offset.toString() },
          'commit failed; sent again with the next batch or the idle timer',
        );
      },
    });
  }

  /** Time spent before the processor had the batch: producer, broker and the fetch cycle. */
  function observeArrival(messages: EachBatchPayload['batch']['messages']): void {
    const now = options.clock();
    const oldest = Number(messages[0]!.timestamp);
    const newest = Number(messages[messages.length - 1]!.timestamp);
    if (!Number.isFinite(oldest) || !Number.isFinite(newest)) return;
    options.metrics.arrivalAge.observe(
      { domain, message: 'oldest' },
      Math.max(0, now - oldest) / 1000,
    );
    options.metrics.arrivalAge.observe(
      { domain, message: 'newest' },
      Math.max(0, now - newest) / 1000,
    );
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (stopping || batch.messages.length === 0) return;
    observeArrival(batch.messages);
    while (recovering) await recovering.catch(() => undefined);
    let finished!: () => void;
    const slot = new Promise<void>((resolve) => (finished = resolve));
    active.add(slot);
    try {
      await runBatch(payload);
    } finally {
      active.delete(slot);
      finished();
    }
  }

  async function runBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const part = await partitionFor(batch.topic, batch.partition);
    const control: BatchControl = {
      resolveOffset: (offset) => payload.resolveOffset(offset),
      heartbeat: () => payload.heartbeat(),
      pause: () => payload.pause(),
    };
    const run = part.lock(() => processIsolating(part, batch.messages, control));
    inFlight.add(run);
    const id = `${batch.topic}:${batch.partition}`;
    try {
      await run;
      stalls.delete(id);
      options.metrics.unprocessed.set(
        { domain, topic: part.topic, partition: String(batch.partition) },
        Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(batch.lastOffset()) - 1n)),
      );
    } catch (error) {
      const first = BigInt(batch.messages[0]!.offset);
      const next = part.checkpointOffset + 1n > first ? part.checkpointOffset + 1n : first;
      const previous = stalls.get(id);
      stalls.set(id, {
        domain,
        topic: batch.topic,
        partition: batch.partition,
        offset: next.toString(),
        since: previous?.since ?? new Date(options.clock()).toISOString(),
        failures: (previous?.failures ?? 0) + 1,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      inFlight.delete(run);
    }
  }

  /**
   * The timer's pass: commits what background uploads made durable, sends failed commits again,
   * and starts the upload of buffers older than the age limit (idle partitions). It takes a
   * partition's lock only to start an upload, never to wait for one, so it does not hold up the
   * partition's next batch. `force` (shutdown) writes every buffer and waits until Kafka has every
   * commit.
   */
  async function flushDue(force = false): Promise<void> {
    const now = options.clock();
    const { parquetMaxRows, parquetMaxAgeMs } = options.settings;
    const due = (part: PartitionState<S>) =>
      Boolean(part.buffer?.rows.length) &&
      (force || part.buffer!.due(now, parquetMaxRows, parquetMaxAgeMs));
    const noPause = { pause: () => () => undefined };
    await Promise.all(
      [...parts.values()].map(async (part) => {
        if (part.doneOffset === undefined) return;
        part.commits?.retry();
        commitDurable(part);
        // An upload in flight commits when it ends; a due buffer waits for the next pass.
        if (!force && (part.upload !== undefined || !due(part))) return;
        try {
          await part.lock(async () => {
            if (!force) {
              if (part.upload === undefined && due(part))
                startUpload(deps(part.topic), part, noPause);
              return;
            }
            await flushParquet(deps(part.topic), part, noPause, {});
            commitDurable(part);
            await part.commits?.drain();
          });
        } catch (error) {
          log.warn({ err: error, topic: part.topic }, 'timed flush failed');
        }
      }),
    );
  }

  return {
    domain,
    groupId: options.groupId,
    running: () => isRunning,
    joined: () => hasJoined,
    flushDue,
    refreshLag: () => lag.refresh(),
    stalled: () => [...stalls.values()].filter((s) => s.failures >= 2),
    async start() {
      consumer = kafka.consumer({
        groupId: options.groupId,
        maxBytesPerPartition: options.maxBytesPerPartition,
        minBytes: options.fetchMinBytes ?? 1,
        maxWaitTimeInMs: options.fetchMaxWaitMs ?? 5000,
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
        // Partitions now owned elsewhere are not this process's to report.
        const assigned = event.payload.memberAssignment;
        for (const [id, stall] of stalls)
          if (!assigned[stall.topic]?.includes(stall.partition)) stalls.delete(id);
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
      await checkRedis().catch((error: unknown) =>
        log.error({ err: error }, 'Redis epoch check or hot layer rebuild failed; retrying'),
      );
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
      // Stopped while starting: start no timers that would outlive the Redis connection.
      if (stopping) return;
      const interval = Math.max(250, Math.min(5_000, options.settings.parquetMaxAgeMs / 2));
      timer = setInterval(() => void flushDue(), interval);
      timer.unref();
      redisTimer = setInterval(
        () =>
          void checkRedis().catch((error: unknown) =>
            log.error({ err: error }, 'Redis epoch check or hot layer rebuild failed; retrying'),
          ),
        options.redisCheckMs ?? 2_000,
      );
      redisTimer.unref();
      await lag.start();
    },
    async stop() {
      if (!consumer) return;
      if (timer) clearInterval(timer);
      if (redisTimer) clearInterval(redisTimer);
      stopping = true;
      consumer.pause(subscribed.map((t) => ({ topic: topics.physical(t) })));
      await Promise.allSettled([...inFlight]);
      await flushDue(true);
      await Promise.all(
        [...parts.values()].map((part) =>
          part.commits
            ?.drain()
            .catch((error: unknown) =>
              log.warn({ err: error, topic: part.topic }, 'final commit failed'),
            ),
        ),
      );
      await lag.stop();
      await consumer.disconnect();
      isRunning = false;
      consumer = undefined;
    },
  };
}
