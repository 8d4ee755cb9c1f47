import type { Logger } from '@city/log';
import type { FeedChange } from './change-feed.js';
import type { PushIterator } from './push-iterator.js';

/**
 * The changes of `source` mapped by an async `map` (loads, filters needing stored state), in feed
 * order; `null` skips a change. A failed map is logged and skipped rather than ending the
 * subscription. `return` ends the source, so a consumer blocked on a quiet feed stops at once.
 */
export function mapChanges<T>(
  source: PushIterator<FeedChange>,
  map: (change: FeedChange) => Promise<T | null> | T | null,
  log: Logger,
): AsyncIterator<T> {
  return {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const r = await source.next();
        if (r.done) return { value: undefined, done: true };
        try {
          const value = await map(r.value);
          if (value !== null) return { value, done: false };
        } catch (error) {
          log.warn({ err: error, entity: r.value.entity, id: r.value.id }, 'change skipped');
        }
      }
    },
    async return() {
      source.end();
      return { value: undefined, done: true };
    },
  };
}
