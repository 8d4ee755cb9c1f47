import type { DeadLetter } from '@city/contracts';
import type { Logger } from '@city/log';
import type {
  Change,
  DomainStage,
  DurableWrite,
  Emit,
  HotWrite,
  StageContext,
  Writes,
} from '../pipeline/types.js';
import type { ProcessorMetrics } from '../metrics/processor-metrics.js';
import type { ChangeFeed } from '../sinks/change-feed.js';
import { checkpointKey } from '../sinks/checkpoint-store.js';
import type { HotSink } from '../sinks/redis-hot-sink.js';
import type { KafkaEmitter } from '../sinks/kafka-emitter.js';
import type { ParquetStore } from '../sinks/parquet-sink.js';
import type { PostgresSink } from '../sinks/postgres-sink.js';
import { decodeMessage, type Normalise, type RawMessage } from './decode-message.js';
import type { PartitionState } from './partition-state.js';
import type { ArchivedRow } from '../sinks/parquet-file.js';
import { withRetry } from './retry.js';
import { tagSink, type SinkRejection } from './sink-rejection.js';
import { sinkRejectedLetter } from './sink-rejected-letter.js';

export interface Sinks {
  readonly postgres: PostgresSink;
  readonly parquet: ParquetStore;
  readonly hot: HotSink;
  readonly feed: ChangeFeed;
  readonly kafka: KafkaEmitter;
}

export interface BatchSettings {
  readonly allowedLatenessMs: number;
  readonly maxFutureMs: number;
  readonly parquetMaxRows: number;
  readonly parquetMaxAgeMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly redisKeyPrefix: string;
}

export interface BatchDeps<S> {
  readonly stage: DomainStage<S>;
  readonly settings: BatchSettings;
  readonly sinks: Sinks;
  readonly metrics: ProcessorMetrics;
  readonly log: Logger;
  readonly clock: () => number;
  readonly normalise: Normalise;
  /** True when this domain writes the topic's DLQ (one domain per topic, no duplicates). */
  readonly ownsDeadLetters: boolean;
  readonly stopping: () => boolean;
}

/** What the Kafka side offers a batch: resolve, heartbeat, pause (commits: `part.commits`). */
export interface BatchControl {
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  /** Pauses fetching this partition; returns the function that resumes it. */
  pause(): () => void;
}

/** How a batch is run while a failed batch is being split (see isolate-poison.ts). */
export interface BatchOptions {
  /**
   * Offsets a sink refused for good: they are dead-lettered (`sink_rejected`) instead of being
   * archived and applied, and remembered in the checkpoint so a replay does not archive them.
   */
  readonly rejected?: ReadonlyMap<string, SinkRejection>;
  /** false: do not run the stage's flush (probes whether an event's own writes are refused). */
  readonly flush?: boolean;
  /**
   * Offsets whose dead letter an earlier attempt of the same batch already sent (filled in as
   * the Kafka sink succeeds): the slices of a split batch do not send them again.
   */
  readonly sentDeadLetters?: Set<string>;
}

export interface BatchResult {
  readonly applied: number;
  readonly replayed: number;
  readonly deadLetters: number;
  readonly committed: string;
}

function collect(into: Writes, from: Writes): void {
  (into.hot as HotWrite[]).push(...from.hot);
  (into.durable as DurableWrite[]).push(...from.durable);
  (into.changes as Change[]).push(...from.changes);
  (into.emits as Emit[]).push(...from.emits);
  for (const [k, v] of Object.entries(from.counters))
    into.counters[k] = (into.counters[k] ?? 0) + v;
}

/** Runs one sink step, timed, retried with backoff while the failure is transient. */
export async function runSink<T>(
  deps: Pick<BatchDeps<unknown>, 'settings' | 'metrics' | 'log' | 'stopping'> & { domain: string },
  sink: string,
  control: Pick<BatchControl, 'pause'>,
  pausedRef: { resume?: () => void },
  fn: () => Promise<T>,
): Promise<T> {
  const end = deps.metrics.sinkLatency.startTimer({ domain: deps.domain, sink });
  try {
    return await withRetry(fn, {
      baseMs: deps.settings.retryBaseMs,
      maxMs: deps.settings.retryMaxMs,
      aborted: deps.stopping,
      onRetry: (error, attempt, delayMs) => {
        deps.metrics.sinkRetries.inc({ domain: deps.domain, sink });
        if (!pausedRef.resume) {
          pausedRef.resume = control.pause();
          deps.metrics.pausedPartitions.inc({ domain: deps.domain });
        }
        deps.log.warn({ err: error, sink, attempt, delayMs }, 'sink failed, retrying');
      },
    });
  } catch (error) {
    // Which sink refused: decides whether the batch may be split (sinkRejectionOf).
    tagSink(error, sink);
    throw error;
  } finally {
    end();
  }
}

/** The offset to commit: never past a row still buffered for Parquet or being uploaded. */
export function commitOffsetFor(
  nextOffset: bigint,
  ...firstOffsets: (string | undefined)[]
): string {
  let commit = nextOffset;
  for (const first of firstOffsets) {
    if (first === undefined) continue;
    const offset = BigInt(first);
    if (offset < commit) commit = offset;
  }
  return commit.toString();
}

/** The offset a partition may commit after processing up to `lastOffset`. */
export function commitFor(part: PartitionState<unknown>, lastOffset: bigint): string {
  return commitOffsetFor(lastOffset + 1n, part.buffer?.firstOffset, part.upload?.firstOffset);
}

/**
 * Asks for the commit of everything fully processed whose rows are in S3. Needs no partition lock:
 * `doneOffset` only moves once a batch's sinks all succeeded, and a running batch's rows sit in
 * the buffer above it. Nothing after a failed upload (its rows left the buffer but are not in S3).
 */
export function commitDurable(part: PartitionState<unknown>): void {
  if (part.uploadError !== undefined || part.doneOffset === undefined) return;
  part.commits?.request(commitFor(part, part.doneOffset));
}

/** Writes rows through the fence, retried while the failure is transient; counts them. */
async function writeParquet<S>(
  deps: BatchDeps<S>,
  part: PartitionState<S>,
  rows: readonly ArchivedRow[],
  control: Pick<BatchControl, 'pause'>,
  pausedRef: { resume?: () => void },
): Promise<void> {
  const files = await runSink(
    { ...deps, domain: deps.stage.domain },
    'parquet',
    control,
    pausedRef,
    () => deps.sinks.parquet.write(part.topic, part.partition, rows, part.archiveWriter),
  );
  deps.metrics.parquetRows.inc({ topic: part.topic }, rows.length);
  deps.metrics.parquetFiles.inc({ topic: part.topic }, files.length);
}

/** Waits for the partition's background upload; rethrows what made it fail. */
export async function settleUpload(part: PartitionState<unknown>): Promise<void> {
  if (part.upload) await part.upload.done;
  if (part.uploadError !== undefined) throw part.uploadError;
}

/**
 * Takes the buffer and writes it to S3 in the background, so the next batches (of every
 * partition: kafkajs fetches again only when the whole fetch is processed) do not wait for the
 * encoding and the upload. The commit stays bounded by the upload's first row until it is done;
 * a failure that retries cannot fix fails the partition's next batch.
 */
export function startUpload<S>(
  deps: BatchDeps<S>,
  part: PartitionState<S>,
  control: Pick<BatchControl, 'pause'>,
): void {
  const buffer = part.buffer;
  if (!buffer || buffer.rows.length === 0 || part.upload) return;
  const firstOffset = buffer.firstOffset!;
  const rows = buffer.take();
  const paused: { resume?: () => void } = {};
  const done = writeParquet(deps, part, rows, control, paused)
    .catch((error: unknown) => {
      part.uploadError = error;
      deps.log.error(
        { err: error, topic: part.topic, partition: part.partition },
        'Parquet upload failed',
      );
    })
    .finally(() => {
      part.upload = undefined;
      if (paused.resume) {
        paused.resume();
        deps.metrics.pausedPartitions.dec({ domain: deps.stage.domain });
      }
      // The rows are in S3: the commit may pass them now, not at the next batch or timer tick.
      commitDurable(part);
    });
  part.upload = { firstOffset, done };
}

/**
 * Writes a partition's Parquet buffer (after any upload in flight). Used by the idle-flush timer
 * and at shutdown; the caller commits.
 */
export async function flushParquet<S>(
  deps: BatchDeps<S>,
  part: PartitionState<S>,
  control: Pick<BatchControl, 'pause'>,
  pausedRef: { resume?: () => void },
): Promise<void> {
  await settleUpload(part);
  const buffer = part.buffer;
  if (!buffer || buffer.rows.length === 0) return;
  await writeParquet(deps, part, buffer.rows.slice(), control, pausedRef);
  buffer.take();
}

/**
 * Processes one fetched batch of one partition: decode (bad ones to the DLQ), apply the stage to
 * events past the checkpoint, then the sinks: PostgreSQL, Kafka emits and dead letters, Redis hot
 * state (concurrently) -> checkpoint -> change feed -> commit (sent in the background) -> Parquet
 * upload started in the background when due. The commit never passes a row that is not in S3 yet.
 * Any crash before the commit replays the batch: the durable sinks are idempotent, the
 * checkpoint keeps the state from counting an event twice.
 */
export async function processBatch<S>(
  deps: BatchDeps<S>,
  part: PartitionState<S>,
  messages: readonly RawMessage[],
  control: BatchControl,
  options: BatchOptions = {},
): Promise<BatchResult | undefined> {
  if (messages.length === 0) return undefined;
  if (part.uploadError !== undefined) throw part.uploadError;
  const { stage, settings, metrics } = deps;
  const domain = stage.domain;
  const labels = { domain, topic: part.topic };
  const now = deps.clock();
  const writes: Writes = { hot: [], durable: [], changes: [], emits: [], counters: {} };
  const deadLetters: DeadLetter[] = [];
  const applies = stage.topics.includes(part.topic);
  let applied = 0;
  let replayed = 0;
  let late = 0;
  let skippedInvalid = 0;
  /** Offsets dead-lettered in this batch because a sink refused them (options.rejected). */
  const refused: string[] = [];
  /** Dead letters an earlier attempt of this batch sent: counted, not sent again. */
  const resent: DeadLetter[] = [];
  const bufferLength = part.buffer?.rows.length ?? 0;
  const before = { offset: part.checkpointOffset, maxEventTime: part.maxEventTime };
  let stateSaved = false;

  try {
    for (const message of messages) {
      const offset = BigInt(message.offset);
      const replay = offset <= part.checkpointOffset;
      // Refused by a sink earlier and dead-lettered: never archived, never applied again.
      if (part.rejected.size > 0 && part.rejected.has(message.offset)) continue;
      const rejection = replay ? undefined : options.rejected?.get(message.offset);
      if (rejection) {
        if (deps.ownsDeadLetters) {
          deadLetters.push(
            sinkRejectedLetter(message, {
              physicalTopic: part.physicalTopic,
              partition: part.partition,
              now,
              rejection,
            }),
          );
        } else skippedInvalid++;
        refused.push(message.offset);
        continue;
      }
      const decoded = decodeMessage(message, {
        topic: part.topic,
        physicalTopic: part.physicalTopic,
        partition: part.partition,
        now,
        maxFutureMs: settings.maxFutureMs,
        normalise: deps.normalise,
      });
      if (!decoded.ok) {
        if (replay) continue;
        if (!deps.ownsDeadLetters) skippedInvalid++;
        else if (options.sentDeadLetters?.has(message.offset)) resent.push(decoded.deadLetter);
        else deadLetters.push(decoded.deadLetter);
        continue;
      }
      const { input, eventTime } = decoded;
      part.buffer?.add(
        {
          partition: part.partition,
          offset: message.offset,
          eventTime,
          produceTime: input.produceTime,
          event: input.event as Record<string, unknown>,
        },
        now,
      );
      if (replay) {
        replayed++;
        continue;
      }
      applied++;
      if (eventTime < part.watermark(settings.allowedLatenessMs)) late++;
      if (eventTime > part.maxEventTime) part.maxEventTime = eventTime;
      if (applies) {
        const ctx: StageContext = { now, watermark: part.watermark(settings.allowedLatenessMs) };
        collect(writes, stage.apply(input, part.state, ctx));
      }
    }
    const last = messages[messages.length - 1]!.offset;
    const lastOffset = BigInt(last);
    if (applied > 0 && applies && stage.flush && options.flush !== false) {
      collect(
        writes,
        stage.flush(part.state, { now, watermark: part.watermark(settings.allowedLatenessMs) }),
      );
    }
    if (lastOffset > part.checkpointOffset) part.checkpointOffset = lastOffset;

    const paused: { resume?: () => void } = {};
    const sinkDeps = { ...deps, domain };
    try {
      const publishFeed = async () => {
        const published = deps.clock();
        await runSink(sinkDeps, 'change_feed', control, paused, () =>
          deps.sinks.feed.publish(domain, writes.changes),
        );
        for (const c of writes.changes)
          metrics.feedLatency.observe({ domain }, (published - c.produceTime) / 1000);
      };
      // PostgreSQL, Kafka and the hot writes are independent of each other (idempotent or
      // at-least-once by id); only the checkpoint below must wait for all three. They all settle
      // before a failure is thrown, so no retry loop outlives its batch.
      const hot = runSink(sinkDeps, 'redis', control, paused, () =>
        deps.sinks.hot.write(writes.hot),
      );
      const [stored, emittedResult, hotResult] = await Promise.allSettled([
        runSink(sinkDeps, 'postgres', control, paused, () =>
          deps.sinks.postgres.write(writes.durable),
        ),
        runSink(sinkDeps, 'kafka', control, paused, () =>
          deps.sinks.kafka.send(writes.emits, deadLetters),
        ),
        stage.feedAfterHotWrites ? hot.then(publishFeed) : hot,
      ]);
      if (emittedResult.status === 'fulfilled')
        for (const d of deadLetters) options.sentDeadLetters?.add(d.offset);
      if (stored.status === 'rejected') throw stored.reason;
      if (emittedResult.status === 'rejected') throw emittedResult.reason;
      if (hotResult.status === 'rejected') throw hotResult.reason;
      const emitted = emittedResult.value;
      await control.heartbeat();
      for (const { emit, error } of emitted.invalid) {
        metrics.invalidEmits.inc({ domain, topic: emit.topic });
        deps.log.error({ err: error, topic: emit.topic }, 'stage emitted an invalid event');
      }
      for (const [topic, n] of Object.entries(emitted.sent))
        metrics.eventsOut.inc({ domain, topic }, n);
      const key = checkpointKey(settings.redisKeyPrefix, domain, part.topic, part.partition);
      // Refused offsets are kept until the commit passes them: Kafka re-delivers nothing below it.
      const rejected =
        refused.length === 0 && part.rejected.size === 0
          ? part.rejected
          : new Set(
              [...part.rejected, ...refused].filter(
                (o) => part.committed === undefined || BigInt(o) >= part.committed,
              ),
            );
      await runSink(sinkDeps, 'checkpoint', control, paused, () =>
        deps.sinks.hot.checkpoint(key, {
          offset: part.checkpointOffset.toString(),
          maxEventTime: part.maxEventTime,
          state: stage.snapshot(part.state),
          rejected: [...rejected],
        }),
      );
      part.rejected = rejected;
      if (!stage.feedAfterHotWrites) await publishFeed();
      control.resolveOffset(last);
      // Past this point Kafka will not re-deliver the batch: keep the state and the buffer.
      stateSaved = true;
      part.doneOffset = lastOffset;
      const committed = commitFor(part, lastOffset);
      commitDurable(part);

      // After the checkpoint: a failure from here on must not roll the state back. The rows leave
      // the buffer for the upload; a later commit passes them once S3 has the file.
      const buffer = part.buffer;
      if (buffer?.due(deps.clock(), settings.parquetMaxRows, settings.parquetMaxAgeMs)) {
        // Backpressure: S3 slower than the stream; wait instead of buffering without bound.
        if (part.upload && buffer.rows.length >= 2 * settings.parquetMaxRows) {
          await control.heartbeat();
          await settleUpload(part);
        }
        startUpload(deps, part, control);
      }

      metrics.eventsIn.inc(labels, applied);
      metrics.batchSize.observe({ domain }, messages.length);
      if (replayed) metrics.replayed.inc(labels, replayed);
      if (late) metrics.lateEvents.inc(labels, late);
      if (skippedInvalid) metrics.invalidSkipped.inc(labels, skippedInvalid);
      for (const d of [...deadLetters, ...resent])
        metrics.deadLetters.inc({ ...labels, reason: d.reason });
      for (const [name, n] of Object.entries(writes.counters))
        metrics.stageCounters.inc({ domain, name }, n);
      return { applied, replayed, deadLetters: deadLetters.length + resent.length, committed };
    } finally {
      if (paused.resume) {
        paused.resume();
        metrics.pausedPartitions.dec({ domain });
      }
    }
  } catch (error) {
    if (stateSaved) throw error;
    // The state may hold this batch's events: reload it from the checkpoint before the next batch,
    // and drop this batch's rows from the Parquet buffer (Kafka re-delivers them).
    part.loaded = false;
    part.checkpointOffset = before.offset;
    part.maxEventTime = before.maxEventTime;
    part.buffer?.truncate(bufferLength);
    throw error;
  }
}
