import { LoaderRegistry } from '../batch-loader.js';
import { badUserInput } from '../errors.js';
import { createPushIterator, type PushIterator } from './push-iterator.js';

/**
 * A Subscription field resolver map entry from an async-iterable source. The subscription's
 * context lives as long as the operation, so its DataLoaders are replaced before each event is
 * executed: one batch (one Redis pipeline) per event, never stale cached entities.
 */
export function liveField<Args, Ctx extends { loaders: LoaderRegistry }, T>(
  source: (args: Args, ctx: Ctx) => AsyncIterator<T>,
) {
  return {
    subscribe: (_root: unknown, args: Args, ctx: Ctx): AsyncIterableIterator<T> => {
      const inner = source(args, ctx);
      const it: AsyncIterableIterator<T> = {
        async next() {
          const r = await inner.next();
          if (!r.done) (ctx as { loaders: LoaderRegistry }).loaders = new LoaderRegistry();
          return r;
        },
        return: () =>
          inner.return?.() ?? Promise.resolve({ value: undefined as unknown as T, done: true }),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
      return it;
    },
    resolve: (payload: T) => payload,
  };
}

/** Validates a client-chosen interval (`field`: argument name) against bounds. */
export function intervalArg(
  field: string,
  value: number | null | undefined,
  bounds: { default: number; min: number; max: number },
): number {
  if (value === null || value === undefined) return bounds.default;
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw badUserInput(field, `must be an integer between ${bounds.min} and ${bounds.max}`);
  }
  return value;
}

/**
 * Collects keyed items and emits them once per `intervalMs` as one batch (latest item per key
 * wins), nothing for an empty interval. `subscribe` registers the item source and returns its
 * unsubscribe function.
 */
export function intervalBatches<T, B>(options: {
  intervalMs: number;
  subscribe: (add: (key: string, item: T) => void) => () => void;
  toBatch: (items: T[]) => B;
}): PushIterator<B> {
  let pending = new Map<string, T>();
  let stop = () => {};
  const timer = setInterval(() => {
    if (pending.size === 0) return;
    const items = [...pending.values()];
    pending = new Map();
    iterator.push(options.toBatch(items));
  }, options.intervalMs);
  timer.unref();
  // A consumer that falls behind gets the newest batches (each batch is a full update).
  const iterator = createPushIterator<B>({
    limit: 4,
    onReturn: () => {
      clearInterval(timer);
      stop();
    },
  });
  stop = options.subscribe((key, item) => pending.set(key, item));
  return iterator;
}

/** Emits `make()` every `intervalMs` (first tick immediately) until the consumer stops. */
export function ticker<T>(intervalMs: number, make: () => T): PushIterator<T> {
  const iterator = createPushIterator<T>({ limit: 2, onReturn: () => clearInterval(timer) });
  const timer = setInterval(() => iterator.push(make()), intervalMs);
  timer.unref();
  iterator.push(make());
  return iterator;
}
