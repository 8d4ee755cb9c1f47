import type { TopicName } from '@city/contracts';
import type { DomainStage } from '../pipeline/types.js';
import { newArchiveWriter } from '../sinks/archive-fence.js';
import type { CommitQueue } from './commit-queue.js';
import type { Checkpoint } from '../sinks/checkpoint-store.js';
import { flushShare, ParquetBuffer } from '../sinks/parquet-sink.js';

/** Rows taken from the buffer and being written to S3 in the background. */
export interface ArchiveUpload {
  readonly firstOffset: string;
  readonly done: Promise<void>;
}

/** What the runtime holds for one assigned input partition of one domain. */
export class PartitionState<S = unknown> {
  state!: S;
  /** Last offset applied to `state` (-1 before any); set before the batch's sinks run. */
  checkpointOffset = -1n;
  /** Last offset of the newest batch whose sinks all succeeded (none before this assignment's first). */
  doneOffset: bigint | undefined;
  /** Largest event time applied (ms). */
  maxEventTime = Number.NEGATIVE_INFINITY;
  /** Offsets a sink refused (dead-lettered), kept in the checkpoint until committed past. */
  rejected: ReadonlySet<string> = new Set();
  /** False after a failed batch: state must be reloaded from the checkpoint before the next one. */
  loaded = false;
  readonly buffer: ParquetBuffer | undefined;
  /** This assignment's claim on the partition's batch layer (see archive-fence.ts). */
  readonly archiveWriter = newArchiveWriter();
  /** The background Parquet upload in flight, if any (at most one per partition). */
  upload: ArchiveUpload | undefined;
  /** Sends this partition's commits in the background (set by the domain consumer). */
  commits: CommitQueue | undefined;
  /** A background upload failed for good: the next batch fails with it (Kafka re-delivers). */
  uploadError: unknown;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly topic: TopicName,
    readonly physicalTopic: string,
    readonly partition: number,
    archives: boolean,
  ) {
    this.buffer = archives ? new ParquetBuffer(flushShare(topic, partition)) : undefined;
  }

  restore(stage: DomainStage<S>, checkpoint: Checkpoint | undefined): void {
    if (checkpoint) {
      this.state = stage.restore(checkpoint.state);
      this.checkpointOffset = BigInt(checkpoint.offset);
      this.maxEventTime = checkpoint.maxEventTime;
      this.rejected = new Set(checkpoint.rejected ?? []);
    } else {
      this.state = stage.createState();
      this.checkpointOffset = -1n;
      this.maxEventTime = Number.NEGATIVE_INFINITY;
      this.rejected = new Set();
    }
    this.loaded = true;
  }

  /** The offset this assignment last committed, as Kafka acknowledged it (none before its first batch). */
  get committed(): bigint | undefined {
    return this.commits?.committed;
  }

  watermark(allowedLatenessMs: number): number {
    return this.maxEventTime - allowedLatenessMs;
  }

  /** Runs `fn` after every earlier locked call of this partition (batches and timed flushes). */
  lock<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
