import { describe, expect, it } from 'vitest';
import { MAX_RECONNECT_DELAY_MS, reconnectDelayMs } from './reconnect-delay.js';

describe('reconnect delay', () => {
  it('doubles from 1 s and stops growing at the cap, whatever the attempt count', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 50, 10_000].map((n) => reconnectDelayMs(n, noJitter))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000,
    ]);
  });

  it('adds less than a second of jitter', () => {
    expect(reconnectDelayMs(0, () => 0.999)).toBe(1_999);
    expect(reconnectDelayMs(30, () => 0.999)).toBe(MAX_RECONNECT_DELAY_MS + 999);
  });
});
