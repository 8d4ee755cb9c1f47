import type { Redis } from 'ioredis';
import type { HotWrite } from '../pipeline/types.js';
import { coalesceHotWrites } from '../sinks/coalesce-hot-writes.js';
import { queueHotWrites } from '../sinks/redis-hot-sink.js';

/**
 * Marker of a domain's hot layer: set once the hot layer was (re)built. Redis keeps nothing on
 * disk, so a missing marker means Redis lost its data (or this is the first start with this key
 * prefix): the hot layer and the checkpoints must be rebuilt.
 */
export function epochKey(prefix: string, domain: string): string {
  return `${prefix}processor:epoch:${domain}`;
}

export async function hasEpoch(redis: Redis, key: string): Promise<boolean> {
  return (await redis.exists(key)) === 1;
}

/** Writes rebuilt hot state in pipelined chunks, then the marker. */
export async function writeRebuiltHot(
  redis: Redis,
  prefix: string,
  writes: readonly HotWrite[],
  marker: { key: string; value: string },
  chunk = 2000,
): Promise<number> {
  const coalesced = coalesceHotWrites(writes);
  for (let i = 0; i < coalesced.length; i += chunk) {
    const pipeline = redis.pipeline();
    queueHotWrites(pipeline, prefix, coalesced.slice(i, i + chunk));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }
  await redis.set(marker.key, marker.value);
  return coalesced.length;
}
