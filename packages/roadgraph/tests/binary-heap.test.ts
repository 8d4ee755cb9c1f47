import { describe, expect, it } from 'vitest';
import { BinaryHeap } from '../src/index.js';

describe('BinaryHeap', () => {
  it('pops items in key order and grows past its capacity', () => {
    const heap = new BinaryHeap(2);
    const keys = Array.from({ length: 500 }, (_, i) => (i * 7919) % 503);
    keys.forEach((k, i) => heap.push(i, k));
    const popped: number[] = [];
    while (heap.size > 0) popped.push(keys[heap.pop()]!);
    expect(popped).toEqual([...keys].sort((a, b) => a - b));
    expect(heap.pop()).toBe(-1);
  });
});
