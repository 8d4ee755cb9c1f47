import { describe, expect, it } from 'vitest';
import { lagTrendPerSecond } from './lag-trend.js';

describe('lagTrendPerSecond', () => {
  it('is the rate a lag grows at, through the swings of batch commits', () => {
    const points = Array.from({ length: 100 }, (_, t) => ({
      t,
      lag: 1000 + 50 * t + (t % 2 === 0 ? 4000 : -4000),
    }));
    // The ±4,000 swings move the fitted line by under 5 % (their own slope is not zero).
    const trend = lagTrendPerSecond(points);
    expect(trend).toBeGreaterThan(45);
    expect(trend).toBeLessThan(55);
  });

  it('is about zero for a lag that swings around a level, and NaN without two samples', () => {
    const flat = Array.from({ length: 60 }, (_, t) => ({ t, lag: 300_000 + (t % 3) * 10_000 }));
    expect(Math.abs(lagTrendPerSecond(flat))).toBeLessThan(200);
    expect(lagTrendPerSecond([{ t: 0, lag: 1 }])).toBeNaN();
  });
});
