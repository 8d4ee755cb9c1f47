import type { ChainableCommander, Redis } from 'ioredis';
import type { HotWrite } from '../pipeline/types.js';
import { encodeCheckpoint, type Checkpoint } from './checkpoint-store.js';
import { coalesceHotWrites } from './coalesce-hot-writes.js';

/** Queues the hot writes on a MULTI/pipeline, keys prefixed. */
export function queueHotWrites(
  chain: ChainableCommander,
  prefix: string,
  writes: readonly HotWrite[],
): void {
  for (const w of writes) {
    const key = prefix + w.key;
    switch (w.op) {
      case 'hset':
        chain.hset(key, w.fields as Record<string, string | number>);
        if (w.ttlSeconds) chain.expire(key, w.ttlSeconds);
        break;
      case 'geoadd':
        chain.geoadd(key, w.longitude, w.latitude, w.member);
        break;
      case 'zadd':
        chain.zadd(key, w.score, w.member);
        break;
      case 'zrem':
        chain.zrem(key, w.member);
        break;
      case 'sadd':
        chain.sadd(key, w.member);
        break;
      case 'srem':
        chain.srem(key, w.member);
        break;
      case 'set':
        if (w.ttlSeconds) chain.set(key, w.value, 'EX', w.ttlSeconds);
        else chain.set(key, w.value);
        break;
      case 'del':
        chain.del(key);
        break;
    }
  }
}

export interface HotSink {
  /** Writes a batch's hot state (coalesced, one MULTI/EXEC). */
  write(writes: readonly HotWrite[]): Promise<void>;
  /**
   * Saves the partition checkpoint. Called only once the batch's hot writes (and PostgreSQL and
   * Kafka) succeeded: a checkpoint never claims writes that are missing after a crash, and hot
   * writes without their checkpoint are simply applied again (they are idempotent).
   */
  checkpoint(checkpointKey: string, checkpoint: Checkpoint): Promise<void>;
}

export function createHotSink(redis: Redis, prefix: string): HotSink {
  return {
    async write(writes) {
      if (writes.length === 0) return;
      const multi = redis.multi();
      queueHotWrites(multi, prefix, coalesceHotWrites(writes));
      const results = await multi.exec();
      if (results === null) throw new Error('redis MULTI was aborted');
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
    },
    async checkpoint(key, checkpoint) {
      await redis.hset(key, encodeCheckpoint(checkpoint));
    },
  };
}
