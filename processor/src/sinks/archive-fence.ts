import { randomUUID } from 'node:crypto';
import { AppError } from '@city/errors';
import type { Redis } from 'ioredis';

/** A newer owner took the partition's batch layer over: this writer's rows are its to write. */
export class ArchiveFencedError extends AppError {
  constructor(topic: string, partition: number) {
    super(
      'ARCHIVE_FENCED',
      `${topic}[${partition}]: a newer owner writes this partition's Parquet files`,
      { retriable: false },
    );
  }
}

/**
 * One owner incarnation of a partition's batch layer: a new one per partition assignment (a
 * PartitionState). Its token fences out every earlier incarnation, in this process or another.
 */
export interface ArchiveWriter {
  readonly token: string;
  claimed: boolean;
}

export function newArchiveWriter(): ArchiveWriter {
  return { token: randomUUID(), claimed: false };
}

export interface ArchiveFence {
  /**
   * Runs `write` while holding the partition's write lease, if `writer` is still the newest owner
   * of the partition's batch layer. Resolves false (nothing written) when a newer owner claimed it.
   */
  run(
    topic: string,
    partition: number,
    writer: ArchiveWriter,
    write: (signal: AbortSignal) => Promise<void>,
  ): Promise<boolean>;
}

// KEYS: owner, lease. ARGV: token, lease ms. -1 fenced, 0 lease busy, 1 acquired.
const ACQUIRE = `
local owner = redis.call('GET', KEYS[1])
if not owner then
  redis.call('SET', KEYS[1], ARGV[1])
  owner = ARGV[1]
end
if owner ~= ARGV[1] then return -1 end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface ArchiveFenceOptions {
  /** How long one write may hold the lease; the write is aborted before it runs out. */
  readonly leaseMs?: number;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Fencing for background Parquet uploads. Files are named by their first offset, so a late upload
 * of an old owner (after a rebalance, a rejoin, a pause) could overwrite a newer owner's file that
 * starts at the same offset and reaches further. Each owner incarnation claims the partition
 * (owner key = its token) before its first write; a write needs the owner key to still hold its
 * token and takes a lease, so an old owner's write either finished before the new owner's first
 * write or never happens. The lease expires (a crashed writer) and the write is aborted before it
 * does. If Redis lost the owner key, the next writer claims it again.
 */
export function createArchiveFence(
  redis: Redis,
  prefix: string,
  options: ArchiveFenceOptions = {},
): ArchiveFence {
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 50;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async run(topic, partition, writer, write) {
      const ownerKey = `${prefix}processor:archive:owner:${topic}:${partition}`;
      const leaseKey = `${prefix}processor:archive:lease:${topic}:${partition}`;
      if (!writer.claimed) {
        await redis.set(ownerKey, writer.token);
        writer.claimed = true;
      }
      for (;;) {
        const acquired = Number(
          await redis.eval(ACQUIRE, 2, ownerKey, leaseKey, writer.token, String(leaseMs)),
        );
        if (acquired === -1) return false;
        if (acquired === 1) break;
        await sleep(pollMs);
      }
      try {
        // Abort well before the lease expires, so the write cannot land after another took it.
        await write(AbortSignal.timeout(Math.max(1, leaseMs - Math.min(10_000, leaseMs / 4))));
        return true;
      } finally {
        await redis.eval(RELEASE, 1, leaseKey, writer.token);
      }
    },
  };
}
