import type { Redis } from 'ioredis';

/** What survives a restart for one input partition of one domain. */
export interface Checkpoint {
  /** Last offset applied to the state (decimal string); every offset <= it is in the state. */
  readonly offset: string;
  /** Largest event time seen (ms), from which the watermark is derived. */
  readonly maxEventTime: number;
  readonly state: unknown;
  /**
   * Offsets at or below `offset` that a sink refused and that went to the DLQ (`sink_rejected`):
   * a replay skips them, so the batch layer never holds a dead-lettered event.
   */
  readonly rejected?: readonly string[];
}

export function checkpointKey(
  prefix: string,
  domain: string,
  topic: string,
  partition: number,
): string {
  return `${prefix}processor:checkpoint:${domain}:${topic}:${partition}`;
}

export function encodeCheckpoint(checkpoint: Checkpoint): Record<string, string> {
  return {
    offset: checkpoint.offset,
    maxEventTime: String(checkpoint.maxEventTime),
    state: JSON.stringify(checkpoint.state ?? null),
    // Always written: HSET keeps fields it is not given, so an emptied list must overwrite.
    rejected: JSON.stringify(checkpoint.rejected ?? []),
  };
}

export function decodeCheckpoint(hash: Record<string, string>): Checkpoint | undefined {
  if (hash.offset === undefined || hash.state === undefined) return undefined;
  return {
    offset: hash.offset,
    maxEventTime: Number(hash.maxEventTime ?? Number.NEGATIVE_INFINITY),
    state: JSON.parse(hash.state) as unknown,
    rejected: hash.rejected === undefined ? [] : (JSON.parse(hash.rejected) as string[]),
  };
}

export async function loadCheckpoint(redis: Redis, key: string): Promise<Checkpoint | undefined> {
  return decodeCheckpoint(await redis.hgetall(key));
}
