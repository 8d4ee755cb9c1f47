/** One input event: ms from its timestamp to the listener, and to the next animation frame. */
export interface InputSample {
  readonly kind: 'click' | 'pan' | 'zoom';
  readonly delayMs: number;
  frameMs: number;
}

/** What bench.html measured in one scenario (raw samples; the driver pools rounds). */
export interface BenchPageResult {
  readonly vehicles: number;
  /** Main-thread ms of each batch: store write + motion targets (the synchronous part). */
  readonly applyMs: readonly number[];
  /** Main-thread ms of each updateData call (the diff serialised and posted to the worker). */
  readonly updateDataMs: readonly number[];
  /** Durations of the long tasks (> 50 ms) seen while measuring. */
  readonly longTaskMs: readonly number[];
  readonly input: readonly InputSample[];
}
