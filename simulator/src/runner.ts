import type { Simulation } from './simulation.js';

export interface RunOptions {
  /** Simulated seconds per wall second; Infinity runs as fast as the sink accepts. */
  readonly speedup: number;
  /** Stop after this many wall seconds (0: until `shouldStop`). */
  readonly durationS: number;
  readonly shouldStop: () => boolean;
  /** After every tick: flush batches and wait for producer capacity (backpressure). */
  readonly afterTick: () => Promise<void> | void;
  readonly nowMs?: () => number;
}

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
      sim.tick();
      await options.afterTick();
      await yieldToIo(); // lets the dispatch consumer and signal handlers run
      continue;
    }
    const dueWall = wallStart + (sim.nowMs + tickMs - simStart) / options.speedup;
    await sleep(Math.max(1, Math.min(250, dueWall - now())));
  }
}
