/** Animation frames slower than this (median) mean the map renders slowly: no GPU, a weak phone. */
export const SLOW_FRAME_MS = 100;
/**
 * How long the first slow verdict holds before animation is tried (and measured) again; each
 * further slow verdict in a row doubles it, up to MAX_RETRY_MS (the hardware rarely changes, and
 * every retry animates at full cost until it is measured).
 */
export const SLOW_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 300_000;
/**
 * Frames maplibre draws for one update of a GeoJSON source (measured: at once with the old tiles,
 * when the worker's new tiles arrive, and once more for symbol placement).
 */
const RENDERS_PER_UPDATE = 3;
/** While slow, a bulk update (the fleet) may use a fifth of the time: its frames' time × 5 … */
const SLOW_FRAMES_PER_UPDATE = 5 * RENDERS_PER_UPDATE;
/** … within these bounds (the vehicle batches arrive once a second). */
const MIN_GAP_MS = 1_000;
const MAX_GAP_MS = 5_000;
/** Intervals per verdict: a slow machine is told within five of its slow frames. */
const SAMPLES = 5;
/**
 * The frame a software renderer is assumed to take until frames are measured (SwiftShader drew
 * the city at 1024×700 in 250–530 ms on 2 cores; this is its low end).
 */
export const ASSUMED_SOFTWARE_FRAME_MS = 250;

export interface RenderBudget {
  /** True while the map renders too slowly to animate. */
  slow(now: number): boolean;
  /**
   * One animation frame's timestamp while the map animates continuously; `animating` false ends
   * a run of frames (the next interval is not measured). Returns true when the map has just
   * turned slow (animations in progress should end).
   */
  frame(now: number, animating: boolean): boolean;
  /**
   * The shortest gap between two bulk repaints (vehicle batches): 0 when the map is fast; when
   * slow, five times the frames one update costs (1–5 s), so that on a software-rendered map
   * repainting the fleet takes a fifth of the time or less and urgent layers (incidents) still
   * repaint at once.
   */
  bulkGapMs(now: number): number;
  /** For diagnostics: the verdict, the slow median frame, the intervals collected so far. */
  snapshot(now: number): { slow: boolean; frameMs: number; samples: number };
  /** Frames stop being measured (a hidden tab's timers are not animation frames). */
  pause(): void;
}

export interface RenderBudgetOptions {
  /**
   * The map draws with a software renderer (software-renderer.ts): start slow, as if a verdict
   * had just been reached, instead of animating at full cost for the first frames' measurement
   * (while the console starts — just when its first data arrives). The retry measures it.
   */
  software?: boolean;
  /** The clock reading at creation (default performance.now(), the clock the map's frames use). */
  now?: number;
}

/**
 * Measures how fast the map renders from the intervals between animation frames while it
 * animates (a repaint is requested every frame then, so the interval is what one frame costs).
 */
export function createRenderBudget(options: RenderBudgetOptions = {}): RenderBudget {
  let lastFrameAt: number | null = null;
  let intervals: number[] = [];
  let slowUntil = options.software ? (options.now ?? performance.now()) + SLOW_RETRY_MS : 0;
  let frameMs = options.software ? ASSUMED_SOFTWARE_FRAME_MS : 0;
  let retryMs = options.software ? SLOW_RETRY_MS * 2 : SLOW_RETRY_MS;
  const slow = (now: number) => now < slowUntil;
  return {
    slow,
    frame(now, animating) {
      if (lastFrameAt !== null) intervals.push(now - lastFrameAt);
      lastFrameAt = animating ? now : null;
      if (intervals.length < SAMPLES) return false;
      const median = [...intervals].sort((a, b) => a - b)[Math.floor(SAMPLES / 2)]!;
      intervals = [];
      if (median <= SLOW_FRAME_MS) {
        // Fast again (the load that slowed it went away): animate from now on.
        retryMs = SLOW_RETRY_MS;
        slowUntil = 0;
        return false;
      }
      // Frames measured while the verdict holds (a jump's repaint) renew it without doubling.
      const renewed = slow(now);
      frameMs = median;
      slowUntil = now + retryMs;
      if (!renewed) retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
      return !renewed;
    },
    bulkGapMs(now) {
      if (!slow(now)) return 0;
      return Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, frameMs * SLOW_FRAMES_PER_UPDATE));
    },
    snapshot(now) {
      return { slow: slow(now), frameMs, samples: intervals.length };
    },
    pause() {
      lastFrameAt = null;
    },
  };
}
