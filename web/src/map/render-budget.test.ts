import { describe, expect, it } from 'vitest';
import {
  ASSUMED_SOFTWARE_FRAME_MS,
  MAX_RETRY_MS,
  SLOW_RETRY_MS,
  createRenderBudget,
  type RenderBudget,
} from './render-budget.js';

/** Feeds animation frames `interval` ms apart from `start` (5 intervals: one verdict); returns the last. */
const frames = (budget: RenderBudget, start: number, interval: number, count = 6) => {
  let now = start;
  let turnedSlow = false;
  for (let i = 0; i < count; i++, now += interval) turnedSlow ||= budget.frame(now, true);
  budget.pause();
  return { end: now - interval, turnedSlow };
};

describe('render budget', () => {
  it('stays fast with 60 fps frames: no gap between bulk repaints', () => {
    const budget = createRenderBudget();
    const { end, turnedSlow } = frames(budget, 0, 16, 40);
    expect(turnedSlow).toBe(false);
    expect(budget.slow(end)).toBe(false);
    expect(budget.bulkGapMs(end)).toBe(0);
  });

  it('turns slow on a median frame over 100 ms and gives an update 5 × its 3 frames', () => {
    const budget = createRenderBudget();
    const { end, turnedSlow } = frames(budget, 0, 200);
    expect(turnedSlow).toBe(true);
    expect(budget.slow(end)).toBe(true);
    expect(budget.bulkGapMs(end)).toBe(3_000);
    // The verdict holds for 30 s, then animation is tried again.
    expect(budget.slow(end + SLOW_RETRY_MS - 1)).toBe(true);
    expect(budget.slow(end + SLOW_RETRY_MS)).toBe(false);
    expect(budget.bulkGapMs(end + SLOW_RETRY_MS)).toBe(0);
  });

  it('waits twice as long before each further retry that measures slow, up to 5 min', () => {
    const budget = createRenderBudget();
    let now = 0;
    const holds: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { end } = frames(budget, now, 400);
      let until = end;
      while (budget.slow(until)) until += 1_000;
      holds.push(until - end);
      now = until;
    }
    expect(holds).toEqual([30_000, 60_000, 120_000, 240_000, MAX_RETRY_MS, MAX_RETRY_MS]);
  });

  it('ends the slow verdict early when frames measure fast again, and resets the backoff', () => {
    const budget = createRenderBudget();
    const first = frames(budget, 0, 400);
    const fast = frames(budget, first.end + 1_000, 20);
    expect(budget.slow(fast.end)).toBe(false);
    const again = frames(budget, fast.end + 1_000, 400);
    expect(budget.slow(again.end + SLOW_RETRY_MS - 1)).toBe(true);
    expect(budget.slow(again.end + SLOW_RETRY_MS)).toBe(false);
  });

  it('renews a holding verdict from the repaints measured meanwhile, without reporting it again', () => {
    const budget = createRenderBudget();
    const first = frames(budget, 0, 400);
    const renewed = frames(budget, first.end + 20_000, 400);
    expect(renewed.turnedSlow).toBe(false);
    expect(budget.slow(first.end + SLOW_RETRY_MS + 1)).toBe(true);
  });

  it('starts slow on a software renderer, then measures at the first retry', () => {
    expect(createRenderBudget().slow(0)).toBe(false);
    const budget = createRenderBudget({ software: true, now: 1_000 });
    expect(budget.slow(1_000)).toBe(true);
    expect(budget.bulkGapMs(1_000)).toBe(ASSUMED_SOFTWARE_FRAME_MS * 15);
    // The verdict holds SLOW_RETRY_MS from creation (`now`), then animation is tried.
    expect(budget.slow(1_000 + SLOW_RETRY_MS - 1)).toBe(true);
    expect(budget.slow(1_000 + SLOW_RETRY_MS)).toBe(false);
    // Measured slow at the retry: held twice as long, as after any second slow verdict.
    const retry = frames(budget, 1_000 + SLOW_RETRY_MS, 400);
    expect(retry.turnedSlow).toBe(true);
    expect(budget.slow(retry.end + 2 * SLOW_RETRY_MS - 1)).toBe(true);
    expect(budget.slow(retry.end + 2 * SLOW_RETRY_MS)).toBe(false);
    // Measured fast at the retry (a fast CPU): animates from then on.
    const fastCpu = createRenderBudget({ software: true, now: 0 });
    expect(fastCpu.slow(SLOW_RETRY_MS - 1)).toBe(true);
    const fast = frames(fastCpu, SLOW_RETRY_MS, 20);
    expect(fastCpu.slow(fast.end)).toBe(false);
    expect(fastCpu.bulkGapMs(fast.end)).toBe(0);
  });

  it('bounds the gap to 5 s', () => {
    const justSlow = createRenderBudget();
    expect(justSlow.bulkGapMs(frames(justSlow, 0, 120).end)).toBe(1_800);
    const crawling = createRenderBudget();
    expect(crawling.bulkGapMs(frames(crawling, 0, 3_000).end)).toBe(5_000);
  });

  it('ignores a few slow frames among fast ones (the median decides)', () => {
    const budget = createRenderBudget();
    let now = 0;
    for (let i = 0; i < 11; i++) budget.frame((now += i % 3 === 0 ? 500 : 16), true);
    expect(budget.slow(now)).toBe(false);
  });

  it('does not measure across a pause or the end of an animation', () => {
    const budget = createRenderBudget();
    for (let i = 0; i < 30; i++) {
      budget.frame(i * 1_000, false); // single repaints seconds apart are not animation frames
      budget.pause();
    }
    expect(budget.slow(30_000)).toBe(false);
  });
});
