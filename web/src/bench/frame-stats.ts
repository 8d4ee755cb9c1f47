export interface FrameStats {
  readonly frames: number;
  readonly fps: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Frames longer than 50 ms (a long task: input would feel stuck). */
  readonly over50Ms: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Statistics of frame intervals (ms between consecutive requestAnimationFrame callbacks). */
export function frameStats(intervals: readonly number[], durationMs: number): FrameStats {
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    frames: intervals.length,
    fps: durationMs > 0 ? (intervals.length * 1000) / durationMs : 0,
    p50Ms: pct(sorted, 50),
    p95Ms: pct(sorted, 95),
    p99Ms: pct(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    over50Ms: intervals.filter((i) => i > 50).length,
  };
}
