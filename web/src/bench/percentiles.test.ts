import { describe, expect, it } from 'vitest';
import { percentiles, ratio } from './percentiles.js';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles of unsorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(percentiles(values)).toEqual({ n: 100, p50: 50, p99: 99, max: 100 });
    expect(percentiles([3, 1, 2])).toEqual({ n: 3, p50: 2, p99: 3, max: 3 });
    expect(percentiles([])).toEqual({ n: 0, p50: 0, p99: 0, max: 0 });
  });

  it('rounds ratios and has none against zero', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(1, 0)).toBeNull();
  });
});
