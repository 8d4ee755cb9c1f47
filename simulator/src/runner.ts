import type { Simulation } from './simulation.js';
import type { TickSpreader } from './spread-sink.js';

export interface RunOptions {
  /** Simulated seconds per wall second; Infinity runs as fast as the sink accepts. */
  readonly speedup: number;
  /** Stop after this many wall seconds (0: until `shouldStop`). */
  readonly durationS: number;
  readonly shouldStop: () => boolean;
  /** After every tick: flush batches and wait for producer capacity (backpressure). */
  readonly afterTick: () => Promise<void> | void;
  readonly nowMs?: () => number;
  /**
   * Spreads each tick's events over the wall time until the next tick (spread-sink.ts); the
   * runner then wakes every SPREAD_STEP_MS to release and send the share that is due.
   */
  readonly spread?: TickSpreader;
}

/** How often held events are released while spreading a tick. */
export const SPREAD_STEP_MS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Real-time loop: keeps simulated time at start + wall elapsed × speedup, ticking in fixed steps
 * (so results do not depend on timer jitter) and sleeping until the next tick is due.
 */
export async function runSimulation(sim: Simulation, options: RunOptions): Promise<void> {
  const now = options.nowMs ?? (() => performance.now());
  const wallStart = now();
  const simStart = sim.nowMs;
  const tickMs = sim.options.tickS * 1000;
  while (!options.shouldStop()) {
    const elapsed = now() - wallStart;
    if (options.durationS > 0 && elapsed >= options.durationS * 1000) break;
    const target = Number.isFinite(options.speedup)
      ? simStart + elapsed * options.speedup
      : Infinity;
    if (sim.nowMs + tickMs <= target) {
      options.spread?.releaseAll();
      sim.tick();
      await options.afterTick();
      await yieldToIo(); // lets the dispatch consumer and signal handlers run
      continue;
    }
    const dueWall = wallStart + (sim.nowMs + tickMs - simStart) / options.speedup;
    let step = 250;
    if (options.spread) {
      const tickWallMs = tickMs / options.speedup;
      options.spread.release(1 - (dueWall - now()) / tickWallMs);
      await options.afterTick();
      step = SPREAD_STEP_MS;
    }
    await sleep(Math.max(1, Math.min(step, dueWall - now())));
  }
  if (options.spread) {
    options.spread.releaseAll();
    await options.afterTick();
  }
}
