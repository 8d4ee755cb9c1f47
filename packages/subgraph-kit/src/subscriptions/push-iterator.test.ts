import { describe, expect, it } from 'vitest';
import { intervalArg } from './live-field.js';
import { createPushIterator } from './push-iterator.js';

describe('createPushIterator', () => {
  it('delivers pushed values in order and drops the oldest beyond the limit', async () => {
    const it = createPushIterator<number>({ limit: 2 });
    it.push(1);
    it.push(2);
    it.push(3);
    expect(it.dropped).toBe(1);
    expect(await it.next()).toEqual({ value: 2, done: false });
    expect(await it.next()).toEqual({ value: 3, done: false });
  });

  it('return() ends a consumer blocked in next() and runs onReturn once', async () => {
    let returned = 0;
    const it = createPushIterator<number>({ onReturn: () => (returned += 1) });
    const pending = it.next();
    await it.return!();
    await it.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(returned).toBe(1);
    it.push(5);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});

describe('intervalArg', () => {
  const bounds = { default: 500, min: 250, max: 1000 };
  it('defaults and validates bounds', () => {
    expect(intervalArg('intervalMs', null, bounds)).toBe(500);
    expect(intervalArg('intervalMs', 250, bounds)).toBe(250);
    expect(() => intervalArg('intervalMs', 100, bounds)).toThrow(/intervalMs/);
    expect(() => intervalArg('intervalMs', 1001, bounds)).toThrow(/between 250 and 1000/);
  });
});
