import { Partitioners, type PartitionMetadata } from 'kafkajs';

const partitioner = Partitioners.DefaultPartitioner();

/**
 * The partition a message key goes to with the producers' partitioner (kafkajs DefaultPartitioner:
 * murmur2 of the key, as the Java client), for `partitions` partitions.
 */
export function partitionOf(key: string, partitions: number): number {
  const partitionMetadata = Array.from(
    { length: partitions },
    (_, partitionId) => ({ partitionId, leader: 0 }) as PartitionMetadata,
  );
  return partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
}
