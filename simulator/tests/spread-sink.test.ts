import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventOf } from '@city/contracts';
import { runSimulation } from '../src/runner.js';
import type { Simulation } from '../src/simulation.js';
import { ArraySink, type EventSink } from '../src/sink.js';
import { SpreadSink } from '../src/spread-sink.js';

const fix = (n: number) => ({ n }) as unknown as EventOf<'gps_data'>;

describe('SpreadSink', () => {
  it('passes a tick on in shares, in order, and starts over after releaseAll', () => {
    const inner = new ArraySink();
    const spread = new SpreadSink(inner);
    for (let i = 0; i < 10; i++) spread.emit('gps_data', fix(i));
    expect(inner.events).toHaveLength(0);
    spread.release(0.3);
    expect(inner.events.map((e) => (e.event as unknown as { n: number }).n)).toEqual([0, 1, 2]);
    spread.release(0.25);
    expect(inner.events).toHaveLength(3);
    spread.release(0.75);
    expect(inner.events).toHaveLength(8);
    spread.releaseAll();
    expect(inner.events.map((e) => (e.event as unknown as { n: number }).n)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    spread.emit('gps_data', fix(10));
    spread.release(1);
    expect(inner.events).toHaveLength(11);
  });
});

describe('runSimulation with a spread tick', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends each tick's events over the tick instead of at once, and all of them by the end", async () => {
    vi.useFakeTimers();
    const sentAt: number[] = [];
    const kafka: EventSink = { emit: () => void sentAt.push(Date.now()) };
    const spread = new SpreadSink(kafka);
    const fake = { nowMs: 0, options: { tickS: 1 }, tick: () => undefined };
    fake.tick = () => {
      fake.nowMs += 1000;
      for (let i = 0; i < 100; i++) spread.emit('gps_data', fix(i));
    };
    const sim = fake as unknown as Simulation;
    const start = Date.now();
    const run = runSimulation(sim, {
      speedup: 1,
      durationS: 2.5,
      shouldStop: () => false,
      afterTick: () => undefined,
      nowMs: () => Date.now(),
      spread,
    });
    await vi.advanceTimersByTimeAsync(3_000);
    await run;
    // Ticks are due at +1 s and +2 s: 200 events, the last tick's rest released at the end.
    expect(sentAt).toHaveLength(200);
    const firstTick = sentAt.slice(0, 100).map((t) => t - start);
    // One burst would send all 100 at +1,000 ms; spread, they leave over the following second.
    expect(firstTick[0]).toBeGreaterThanOrEqual(1_000);
    expect(firstTick[0]).toBeLessThan(1_100);
    expect(firstTick[49]).toBeGreaterThanOrEqual(1_400);
    expect(firstTick[49]).toBeLessThan(1_600);
    expect(firstTick[99]).toBeGreaterThanOrEqual(1_900);
    expect(firstTick[99]).toBeLessThanOrEqual(2_000);
  });
});
