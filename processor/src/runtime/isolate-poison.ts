export interface IsolateOptions<T, R> {
  /** Writes a slice (in order, as one batch). Throws when a sink fails. */
  readonly run: (items: readonly T[]) => Promise<void>;
  /** The refusal an error stands for, or undefined when it is not the data's fault. */
  readonly rejection: (error: unknown) => R | undefined;
  /**
   * Called with a single item whose write was refused; writes the item's dead letter instead.
   * May throw (e.g. when the refusal turns out not to be the item's own): the isolation stops.
   */
  readonly reject: (item: T, rejection: R, error: unknown) => Promise<void>;
}

/**
 * Isolates the items a sink refuses for good, after `items` failed as one batch: splits it in
 * halves and writes each (left before right, so order is kept), recursively, until every slice
 * is written or is one refused item, which goes to `reject`. A good item is written exactly once;
 * k refused items among n cost O(k log n) writes. An error that is not a refusal (`rejection`
 * gives undefined) is rethrown at once: splitting cannot help with it.
 */
export async function isolatePoison<T, R>(
  items: readonly T[],
  failure: unknown,
  options: IsolateOptions<T, R>,
): Promise<void> {
  const rejection = options.rejection(failure);
  if (rejection === undefined) throw failure;
  if (items.length === 1) return options.reject(items[0]!, rejection, failure);
  if (items.length === 0) throw failure;
  const mid = Math.ceil(items.length / 2);
  for (const half of [items.slice(0, mid), items.slice(mid)]) {
    try {
      await options.run(half);
    } catch (error) {
      await isolatePoison(half, error, options);
    }
  }
}
