export interface CommitQueueOptions {
  /** Commits the offset to Kafka (the next offset to read). */
  readonly send: (offset: string) => Promise<void>;
  /** A commit failed: its offset stays pending until the next request or `retry()`. */
  readonly onError?: (error: unknown, offset: bigint) => void;
}

/**
 * One partition's offset commits, sent in the background so the batch that asked for one does not
 * wait for the broker's answer (kafkajs fetches again only when every batch of a fetch returned).
 * At most one commit is in flight; requests made meanwhile coalesce into the newest offset, so
 * commits reach Kafka in order and never go backwards. Safe because a commit is only requested
 * after every sink of its batch succeeded: a commit that is late or lost only means a longer
 * (idempotent) replay after a crash.
 */
export class CommitQueue {
  /** Asked for and not sent yet, or sent and failed. */
  private pending: bigint | undefined;
  private inFlight: { readonly offset: bigint; readonly done: Promise<void> } | undefined;
  private acknowledged: bigint | undefined;
  /** The last attempt failed: wait for a request or retry() instead of hammering the broker. */
  private failed = false;
  private lastError: unknown;

  constructor(private readonly options: CommitQueueOptions) {}

  /** The newest offset Kafka acknowledged from this queue. */
  get committed(): bigint | undefined {
    return this.acknowledged;
  }

  /** The newest offset asked for: pending, in flight or acknowledged. */
  get requested(): bigint | undefined {
    return this.pending ?? this.inFlight?.offset ?? this.acknowledged;
  }

  /** Asks for `offset` to be committed and returns at once; an offset not past the newest asked for is ignored. */
  request(offset: bigint | string): void {
    const next = BigInt(offset);
    const newest = this.requested;
    if (newest !== undefined && next <= newest) return;
    this.pending = next;
    this.failed = false;
    this.pump();
  }

  /** Sends again what failed (the idle partitions' timer calls this). */
  retry(): void {
    this.failed = false;
    this.pump();
  }

  /** Sends what is pending and waits until Kafka has it; rethrows the error if the last attempt failed. */
  async drain(): Promise<void> {
    this.retry();
    while (this.inFlight) await this.inFlight.done;
    if (this.pending !== undefined) throw this.lastError;
  }

  private pump(): void {
    if (this.inFlight || this.pending === undefined || this.failed) return;
    const offset = this.pending;
    this.pending = undefined;
    const done = this.options
      .send(offset.toString())
      .then(
        () => {
          if (this.acknowledged === undefined || offset > this.acknowledged)
            this.acknowledged = offset;
        },
        (error: unknown) => {
          // Kept for the next attempt unless a newer offset replaced it meanwhile.
          this.pending ??= offset;
          this.failed = true;
          this.lastError = error;
          this.options.onError?.(error, offset);
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        this.pump();
      });
    this.inFlight = { offset, done };
  }
}
