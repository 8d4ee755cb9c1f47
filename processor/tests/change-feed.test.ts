import { describe, expect, it } from 'vitest';
import { mergeChanges } from '../src/sinks/change-feed.js';
import { deriveEventId } from '../src/pipeline/derive-event-id.js';
import { backoffDelay, isTransient, withRetry } from '../src/runtime/retry.js';
import { RetriableError, ValidationError } from '@city/errors';

describe('change feed', () => {
  it('merges changes per entity: fields united, later data wins, earliest produce time kept', () => {
    const merged = mergeChanges([
      {
        domain: 'vehicles',
        entity: 'Vehicle',
        id: 'a',
        fields: ['x'],
        data: { x: 1 },
        produceTime: 5,
      },
      { domain: 'vehicles', entity: 'Vehicle', id: 'b', fields: ['x'], produceTime: 6 },
      {
        domain: 'vehicles',
        entity: 'Vehicle',
        id: 'a',
        fields: ['y', 'x'],
        data: { x: 2, y: 3 },
        produceTime: 9,
      },
    ]);
    expect(merged).toEqual([
      {
        domain: 'vehicles',
        entity: 'Vehicle',
        id: 'a',
        fields: ['x', 'y'],
        data: { x: 2, y: 3 },
        produceTime: 5,
      },
      { domain: 'vehicles', entity: 'Vehicle', id: 'b', fields: ['x'], produceTime: 6 },
    ]);
  });
});

describe('deriveEventId', () => {
  it('is a stable UUID v5-shaped id of its inputs', () => {
    const id = deriveEventId('segment_observations', 'abc');
    expect(id).toBe(deriveEventId('segment_observations', 'abc'));
    expect(id).not.toBe(deriveEventId('segment_observations', 'abd'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('withRetry', () => {
  it('retries transient failures with growing delays and gives up on permanent ones', async () => {
    const delays: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (++calls < 4) throw new RetriableError('down');
        return 'ok';
      },
      { baseMs: 100, maxMs: 1000, sleep: async (ms) => void delays.push(ms) },
    );
    expect(value).toBe('ok');
    expect(delays).toHaveLength(3);
    await expect(
      withRetry(
        async () => {
          throw new ValidationError('x', []);
        },
        { baseMs: 1, maxMs: 1, sleep: async () => {} },
      ),
    ).rejects.toThrow(ValidationError);
  });

  it('treats connection errors and transient SQLSTATEs as retriable', () => {
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    for (let attempt = 1; attempt < 30; attempt++) {
      const d = backoffDelay(attempt, 100, 5000);
      expect(d).toBeGreaterThanOrEqual(Math.min(5000, 100 * 2 ** (attempt - 1)) / 2);
      expect(d).toBeLessThanOrEqual(5000);
    }
  });
});
