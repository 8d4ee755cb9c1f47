import type { HotWrite } from '../pipeline/types.js';

type MemberWrite = Extract<HotWrite, { member: string }>;
type KeyWrite = Extract<HotWrite, { op: 'set' | 'del' }>;

interface KeyWrites {
  /** A whole-key write (`set`/`del`): everything queued before it on the key is void. */
  reset?: KeyWrite;
  hash?: { fields: Record<string, string | number>; ttlSeconds?: number };
  /** Last member-level write per member (geoadd/zadd/zrem/sadd/srem replace each other). */
  members?: Map<string, MemberWrite>;
}

/**
 * Collapses a batch's hot writes to the fewest commands with the same end state, as MULTI applies
 * them all at once: per key, a `set`/`del` voids what came before it; `hset`s merge their fields
 * (later values win) and keep the last TTL given; per member, the last member write wins. Keys
 * are independent, so their relative order is free. A vehicle seen 5 times in a batch costs one
 * HSET + EXPIRE + GEOADD + ZADD instead of five of each.
 */
export function coalesceHotWrites(writes: readonly HotWrite[]): HotWrite[] {
  const byKey = new Map<string, KeyWrites>();
  for (const w of writes) {
    let entry = byKey.get(w.key);
    if (!entry) byKey.set(w.key, (entry = {}));
    switch (w.op) {
      case 'set':
      case 'del':
        byKey.set(w.key, { reset: w });
        break;
      case 'hset':
        if (!entry.hash) entry.hash = { fields: { ...w.fields } };
        else Object.assign(entry.hash.fields, w.fields);
        if (w.ttlSeconds) entry.hash.ttlSeconds = w.ttlSeconds;
        break;
      default:
        (entry.members ??= new Map()).set(w.member, w);
    }
  }
  const out: HotWrite[] = [];
  for (const [key, entry] of byKey) {
    if (entry.reset) out.push(entry.reset);
    if (entry.hash) {
      out.push(
        entry.hash.ttlSeconds
          ? { op: 'hset', key, fields: entry.hash.fields, ttlSeconds: entry.hash.ttlSeconds }
          : { op: 'hset', key, fields: entry.hash.fields },
      );
    }
    if (entry.members) for (const m of entry.members.values()) out.push(m);
  }
  return out;
}
