import DataLoader from 'dataloader';

/** Per-request registry of DataLoaders, created lazily by name. */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(
    name: string,
    batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  ): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

export interface LoaderContext {
  readonly loaders: LoaderRegistry;
}

/**
 * A batched `__resolveReference`: every representation of `typename` resolved during one request
 * is collected into a single call of `batch` (one Redis pipeline, one SQL query). `batch` returns
 * results in key order, null for an unknown entity.
 */
export function batchedReference<R extends Record<string, unknown>, T>(
  typename: string,
  keyOf: (reference: R) => string,
  batch: (keys: readonly string[]) => Promise<readonly (T | null)[]>,
): (reference: R, ctx: LoaderContext) => Promise<T | null> {
  return (reference, ctx) =>
    ctx.loaders.get<string, T | null>(`ref:${typename}`, batch).load(keyOf(reference));
}
