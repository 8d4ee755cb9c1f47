/** An async iterator fed by `push`; bounded: when full, the oldest buffered value is dropped. */
export interface PushIterator<T> extends AsyncIterableIterator<T> {
  push(value: T): void;
  /** Ends the iterator (pending and later `next` calls resolve done). */
  end(): void;
  readonly dropped: number;
}

/**
 * `onReturn` runs once when the consumer stops (return/end), so listeners are removed even when
 * the consumer is blocked in `next` on a quiet source (an async generator could not do that).
 */
export function createPushIterator<T>(
  options: { limit?: number; onReturn?: () => void } = {},
): PushIterator<T> {
  const limit = options.limit ?? 1000;
  const buffer: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | null = null;
  let done = false;
  let dropped = 0;

  function finish() {
    if (done) return;
    done = true;
    buffer.length = 0;
    options.onReturn?.();
    if (waiting) {
      const w = waiting;
      waiting = null;
      w({ value: undefined, done: true });
    }
  }

  const iterator: PushIterator<T> = {
    get dropped() {
      return dropped;
    },
    push(value) {
      if (done) return;
      if (waiting) {
        const w = waiting;
        waiting = null;
        w({ value, done: false });
        return;
      }
      if (buffer.length >= limit) {
        buffer.shift();
        dropped += 1;
      }
      buffer.push(value);
    },
    end: finish,
    next() {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error) {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}
