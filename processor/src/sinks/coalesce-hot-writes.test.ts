import { describe, expect, it } from 'vitest';
import type { HotWrite } from '../pipeline/types.js';
import { coalesceHotWrites } from './coalesce-hot-writes.js';

describe('coalesceHotWrites', () => {
  it('merges hsets of a key, later fields win, last TTL kept', () => {
    const out = coalesceHotWrites([
      { op: 'hset', key: 'v:1', fields: { a: 1, b: 1 }, ttlSeconds: 60 },
      { op: 'hset', key: 'v:1', fields: { b: 2, c: 3 } },
      { op: 'hset', key: 'v:1', fields: { c: 4 }, ttlSeconds: 90 },
    ]);
    expect(out).toEqual([{ op: 'hset', key: 'v:1', fields: { a: 1, b: 2, c: 4 }, ttlSeconds: 90 }]);
  });

  it('keeps the last member write per member and every member', () => {
    const out = coalesceHotWrites([
      { op: 'zadd', key: 'active', member: 'a', score: 1 },
      { op: 'zadd', key: 'active', member: 'b', score: 1 },
      { op: 'zadd', key: 'active', member: 'a', score: 2 },
      { op: 'sadd', key: 'zone', member: 'a' },
      { op: 'srem', key: 'zone', member: 'a' },
    ]);
    expect(out).toEqual([
      { op: 'zadd', key: 'active', member: 'a', score: 2 },
      { op: 'zadd', key: 'active', member: 'b', score: 1 },
      { op: 'srem', key: 'zone', member: 'a' },
    ]);
  });

  it('a del or set voids the earlier writes of its key but not the later ones', () => {
    const writes: HotWrite[] = [
      { op: 'hset', key: 'h', fields: { a: 1 }, ttlSeconds: 5 },
      { op: 'sadd', key: 's', member: 'x' },
      { op: 'del', key: 'h' },
      { op: 'del', key: 's' },
      { op: 'hset', key: 'h', fields: { b: 2 } },
      { op: 'sadd', key: 's', member: 'y' },
      { op: 'set', key: 'k', value: 'old' },
      { op: 'set', key: 'k', value: 'new', ttlSeconds: 9 },
    ];
    expect(coalesceHotWrites(writes)).toEqual([
      { op: 'del', key: 'h' },
      { op: 'hset', key: 'h', fields: { b: 2 } },
      { op: 'del', key: 's' },
      { op: 'sadd', key: 's', member: 'y' },
      { op: 'set', key: 'k', value: 'new', ttlSeconds: 9 },
    ]);
  });

  it('does not mutate the input fields', () => {
    const first = { op: 'hset', key: 'h', fields: { a: 1 } } as const;
    coalesceHotWrites([first, { op: 'hset', key: 'h', fields: { a: 2 } }]);
    expect(first.fields).toEqual({ a: 1 });
  });
});
