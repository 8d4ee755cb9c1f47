import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CachedPartitioner, PARTITION_CACHE_KEYS } from './cached-partitioner.js';

const metadata = (n: number) =>
  Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 0 }) as PartitionMetadata);

describe('CachedPartitioner', () => {
  it('chooses the partition kafkajs DefaultPartitioner chooses, for any partition count', () => {
    const cached = CachedPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const n of [1, 3, 6, 12]) {
      for (let i = 0; i < 2000; i++) {
        const args = {
          topic: 't',
          partitionMetadata: metadata(n),
          message: { key: `k${i}`, value: null },
        };
        // Twice: the second answer comes from the cache.
        expect(cached(args)).toBe(reference(args));
        expect(cached(args)).toBe(reference(args));
      }
    }
  });

  it('keeps an explicit partition, and still answers after the cache starts over', () => {
    const cached = CachedPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    const partitionMetadata = metadata(6);
    expect(
      cached({ topic: 't', partitionMetadata, message: { key: 'a', value: null, partition: 4 } }),
    ).toBe(4);
    for (let i = 0; i <= PARTITION_CACHE_KEYS; i++)
      cached({ topic: 't', partitionMetadata, message: { key: `k${i}`, value: null } });
    const args = { topic: 't', partitionMetadata, message: { key: 'k1', value: null } };
    expect(cached(args)).toBe(reference(args));
  });
});
