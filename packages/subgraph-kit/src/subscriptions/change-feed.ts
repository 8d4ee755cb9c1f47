import type { Logger } from '@city/log';
import { createPushIterator, type PushIterator } from './push-iterator.js';

/**
 * One change-feed message entry, as the processor publishes it on `<prefix>changes:<domain>`
 * (structurally `Change` of processor/src/pipeline/types.ts).
 */
export interface FeedChange {
  readonly domain: string;
  readonly entity: string;
  readonly id: string;
  readonly fields: readonly string[];
  readonly data?: Readonly<Record<string, unknown>>;
  /** Kafka produce time (epoch ms) of the input event that caused the change. */
  readonly produceTime: number;
}

/** The part of an ioredis connection in subscriber mode the feed uses. */
export interface PubSubConnection {
  subscribe(...channels: string[]): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  quit(): Promise<unknown>;
}

export type ChangeListener = (change: FeedChange) => void;

export interface ChangeFeedSubscriber {
  /** Calls `listener` for every change on `channel`; returns the unsubscribe function. */
  listen(channel: string, listener: ChangeListener): () => void;
  /** The changes on `channel` passing `filter`, as a bounded async iterator (drop oldest). */
  changes(
    channel: string,
    filter?: (change: FeedChange) => boolean,
    limit?: number,
  ): PushIterator<FeedChange>;
  /** Listeners currently registered (every live subscription holds one). */
  listenerCount(): number;
  close(): Promise<void>;
}

/**
 * The change feed of one subgraph process: ONE Redis connection in SUBSCRIBE mode, whatever the
 * number of subscriptions; each message is parsed once and fanned out to in-process listeners.
 * Channels are subscribed on first use and kept (a handful per subgraph).
 */
export function createChangeFeedSubscriber(
  connection: PubSubConnection,
  log: Logger,
): ChangeFeedSubscriber {
  const listeners = new Map<string, Set<ChangeListener>>();
  const subscribed = new Set<string>();
  let count = 0;

  connection.on('message', (channel, message) => {
    const set = listeners.get(channel);
    if (!set || set.size === 0) return;
    let changes: FeedChange[];
    try {
      const parsed = JSON.parse(message) as FeedChange | FeedChange[];
      changes = Array.isArray(parsed) ? parsed : [parsed];
    } catch (error) {
      log.warn({ err: error, channel }, 'unparsable change-feed message');
      return;
    }
    for (const listener of [...set]) {
      for (const change of changes) {
        try {
          listener(change);
        } catch (error) {
          log.error({ err: error, channel }, 'change listener failed');
        }
      }
    }
  });

  function listen(channel: string, listener: ChangeListener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    count += 1;
    if (!subscribed.has(channel)) {
      subscribed.add(channel);
      connection.subscribe(channel).catch((error: unknown) => {
        subscribed.delete(channel);
        log.error({ err: error, channel }, 'change-feed subscribe failed');
      });
    }
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(listener);
      count -= 1;
    };
  }

  return {
    listen,
    changes(channel, filter, limit) {
      let stop = () => {};
      const iterator = createPushIterator<FeedChange>({
        ...(limit ? { limit } : {}),
        onReturn: () => stop(),
      });
      stop = listen(channel, (c) => {
        if (!filter || filter(c)) iterator.push(c);
      });
      return iterator;
    },
    listenerCount: () => count,
    async close() {
      listeners.clear();
      await connection.quit().catch(() => {});
    },
  };
}
