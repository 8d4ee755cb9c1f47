import { Partitioners, type ICustomPartitioner } from 'kafkajs';

/** Keys remembered per partition count before the cache starts over (bounded memory). */
export const PARTITION_CACHE_KEYS = 100_000;

/**
 * kafkajs's DefaultPartitioner (murmur2 of the key, as the Java client) with the result cached per
 * key: the processor emits one keyed message per GPS fix over a few thousand segment keys, and
 * kafkajs hashes (and copies the partition list) for every message.
 */
export const CachedPartitioner: ICustomPartitioner = () => {
  const inner = Partitioners.DefaultPartitioner();
  const byCount = new Map<number, Map<string, number>>();
  return (args) => {
    const { message, partitionMetadata } = args;
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (typeof message.key !== 'string') return inner(args);
    let cache = byCount.get(partitionMetadata.length);
    if (!cache) byCount.set(partitionMetadata.length, (cache = new Map()));
    let partition = cache.get(message.key);
    if (partition === undefined) {
      if (cache.size >= PARTITION_CACHE_KEYS) cache.clear();
      partition = inner(args);
      cache.set(message.key, partition);
    }
    return partition;
  };
};
