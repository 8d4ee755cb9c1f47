import type { Redis } from 'ioredis';
import type { Change, DomainName } from '../pipeline/types.js';

export function changeChannel(prefix: string, domain: DomainName): string {
  return `${prefix}changes:${domain}`;
}

/**
 * Merges the changes of one batch per entity: the fields are united, the data of later changes
 * wins, and the earliest produce time is kept (latency is measured from the oldest cause).
 */
export function mergeChanges(changes: readonly Change[]): Change[] {
  const merged = new Map<string, Change>();
  for (const c of changes) {
    const key = `${c.entity}\u0000${c.id}`;
    const prev = merged.get(key);
    if (!prev) {
      merged.set(key, c);
      continue;
    }
    const fields = [...new Set([...prev.fields, ...c.fields])];
    const data = prev.data || c.data ? { ...prev.data, ...c.data } : undefined;
    merged.set(key, {
      domain: c.domain,
      entity: c.entity,
      id: c.id,
      fields,
      ...(data ? { data } : {}),
      produceTime: Math.min(prev.produceTime, c.produceTime),
    });
  }
  return [...merged.values()];
}

/** Largest number of changes in one pub/sub message. */
export const CHANGES_PER_MESSAGE = 500;

export interface ChangeFeed {
  /** Publishes a batch's changes as JSON arrays of Change on `<prefix>changes:<domain>`. */
  publish(domain: DomainName, changes: readonly Change[]): Promise<void>;
}

export function createChangeFeed(redis: Redis, prefix: string): ChangeFeed {
  return {
    async publish(domain, changes) {
      if (changes.length === 0) return;
      const channel = changeChannel(prefix, domain);
      const merged = mergeChanges(changes);
      const pipeline = redis.pipeline();
      for (let i = 0; i < merged.length; i += CHANGES_PER_MESSAGE) {
        pipeline.publish(channel, JSON.stringify(merged.slice(i, i + CHANGES_PER_MESSAGE)));
      }
      await pipeline.exec();
    },
  };
}
