import type { TopicName } from '@city/contracts';
import type { Logger } from '@city/log';
import type { RawMessage } from './decode-message.js';
import { isolatePoison } from './isolate-poison.js';
import type { PartitionState } from './partition-state.js';
import {
  processBatch,
  type BatchControl,
  type BatchDeps,
  type BatchOptions,
} from './process-batch.js';
import { sinkRejectionOf } from './sink-rejection.js';

export interface IsolatingProcessorDeps<S> {
  readonly deps: (topic: TopicName) => BatchDeps<S>;
  /** Loads the partition's state from its checkpoint again (a failed batch leaves it unloaded). */
  readonly reload: (part: PartitionState<S>) => Promise<unknown>;
  /** Whether the stage has a flush (window closes, expiries) after each batch. */
  readonly hasFlush: boolean;
  readonly log: Logger;
  readonly stopping: () => boolean;
}

/**
 * Processes a batch; when a sink refuses some of its events for good, splits it until those
 * events are pinned down (isolatePoison): they go to the DLQ as `sink_rejected`, the others
 * are written. Each attempt starts from the checkpoint (a failed batch leaves the state
 * unloaded). The happy path is one processBatch call.
 */
export function createIsolatingProcessor<S>(options: IsolatingProcessorDeps<S>) {
  const { deps, log, stopping } = options;
  return async function processIsolating(
    part: PartitionState<S>,
    messages: readonly RawMessage[],
    control: BatchControl,
  ): Promise<void> {
    let failure: unknown;
    const sentDeadLetters = new Set<string>();
    try {
      await processBatch(deps(part.topic), part, messages, control, { sentDeadLetters });
      return;
    } catch (error) {
      if (stopping() || sinkRejectionOf(error) === undefined) throw error;
      failure = error;
      log.warn(
        { err: error, topic: part.topic, partition: part.partition, messages: messages.length },
        'a sink refused the batch for good: splitting it to find the refused events',
      );
    }
    const attempt = async (slice: readonly RawMessage[], batchOptions?: BatchOptions) => {
      if (stopping()) throw new Error('stopping while isolating refused events');
      await options.reload(part);
      await processBatch(deps(part.topic), part, slice, control, {
        ...batchOptions,
        sentDeadLetters,
      });
    };
    await isolatePoison(messages, failure, {
      run: (slice) => attempt(slice),
      rejection: sinkRejectionOf,
      reject: async (message, rejection, error) => {
        let refusal = rejection;
        if (options.hasFlush) {
          // Its own writes, or the stage's flush after it (windows, expiries)? Without the flush:
          const own = await attempt([message], { flush: false }).then(
            () => undefined,
            (e: unknown) => e ?? new Error('batch failed'),
          );
          if (own === undefined) {
            // Written without the flush: the flush's writes are refused, which no event explains.
            log.error(
              { err: error, topic: part.topic, partition: part.partition },
              "the stage's flush writes are refused; the partition cannot make progress",
            );
            throw error;
          }
          const ownRefusal = sinkRejectionOf(own);
          if (ownRefusal === undefined) throw own;
          refusal = ownRefusal;
        }
        await attempt([message], { rejected: new Map([[message.offset, refusal]]) });
        log.error(
          {
            topic: part.topic,
            partition: part.partition,
            offset: message.offset,
            sink: refusal.sink,
            code: refusal.code,
            reason: refusal.message,
          },
          'event refused by a sink: dead-lettered (sink_rejected)',
        );
      },
    });
  };
}
