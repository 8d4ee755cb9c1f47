/**
 * Sudden-speed-drop detection on a segment's closed 1-minute windows, in event-time order.
 *
 * The baseline is an exponentially weighted mean of the segment's recent 1-minute speeds. When
 * `confirmWindows` consecutive windows (each with at least `minSamples` speed samples) are at least
 * `dropPct` below a baseline built from `minBaselineWindows` windows and worth at least
 * `minBaselineKmh`, an episode opens and one candidate is emitted. Low windows never feed the
 * baseline, so a blockage does not become the new normal. The episode closes when the speed
 * recovers to `recoverPct` of the baseline or after `episodeTimeoutMs` without data; only then
 * can the segment raise a new candidate.
 */
export interface IncidentDetectorOptions {
  readonly dropPct: number;
  readonly recoverPct: number;
  readonly minBaselineKmh: number;
  readonly minBaselineWindows: number;
  readonly minSamples: number;
  readonly confirmWindows: number;
  /** EWMA weight of a new window in the baseline. */
  readonly alpha: number;
  readonly episodeTimeoutMs: number;
}

export const DEFAULT_INCIDENT_DETECTOR: IncidentDetectorOptions = Object.freeze({
  dropPct: 50,
  recoverPct: 75,
  minBaselineKmh: 15,
  minBaselineWindows: 5,
  minSamples: 3,
  confirmWindows: 2,
  alpha: 0.2,
  episodeTimeoutMs: 30 * 60_000,
});

export interface DetectorState {
  baselineKmh: number | null;
  baselineWindows: number;
  /** Start (ms) of the first window of the current run of low windows, or null. */
  lowSince: number | null;
  lowWindows: number;
  /** Id of the open episode's candidate, or null. */
  episode: string | null;
  /** End (ms) of the last window with enough samples. */
  lastSeen: number;
}

export function newDetectorState(): DetectorState {
  return {
    baselineKmh: null,
    baselineWindows: 0,
    lowSince: null,
    lowWindows: 0,
    episode: null,
    lastSeen: 0,
  };
}

export interface Detection {
  readonly candidateId: string;
  readonly baselineKmh: number;
  readonly currentKmh: number;
  readonly dropPct: number;
  readonly confidence: number;
}

export function candidateIdFor(segmentId: number, windowStart: number): string {
  return `tc-${segmentId}-${Math.floor(windowStart / 1000)}`;
}

/** Feeds one closed 1-minute window; returns a detection when an episode opens. */
export function observeWindow(
  state: DetectorState,
  segmentId: number,
  window: { start: number; end: number; meanSpeedKmh: number | null; speedSamples: number },
  opts: IncidentDetectorOptions,
): Detection | null {
  const speed = window.meanSpeedKmh;
  if (speed === null || window.speedSamples < opts.minSamples) return null;
  if (state.episode !== null && window.start - state.lastSeen >= opts.episodeTimeoutMs) {
    state.episode = null;
  }
  state.lastSeen = window.end;
  const baseline = state.baselineKmh;
  if (state.episode !== null) {
    if (baseline !== null && speed >= (baseline * opts.recoverPct) / 100) {
      state.episode = null;
      state.lowSince = null;
      state.lowWindows = 0;
    }
    return null;
  }
  const ready =
    baseline !== null &&
    state.baselineWindows >= opts.minBaselineWindows &&
    baseline >= opts.minBaselineKmh;
  if (ready && speed <= baseline * (1 - opts.dropPct / 100)) {
    state.lowSince ??= window.start;
    state.lowWindows += 1;
    if (state.lowWindows < opts.confirmWindows) return null;
    const candidateId = candidateIdFor(segmentId, state.lowSince);
    state.episode = candidateId;
    const dropPct = Math.min(100, Math.max(0, (1 - speed / baseline) * 100));
    const severity = Math.min(1, 0.5 + (0.5 * (dropPct - opts.dropPct)) / (100 - opts.dropPct));
    const support = Math.min(1, window.speedSamples / (2 * opts.minSamples));
    return {
      candidateId,
      baselineKmh: Math.round(baseline * 100) / 100,
      currentKmh: Math.round(speed * 100) / 100,
      dropPct: Math.round(dropPct * 10) / 10,
      confidence: Math.round(severity * support * 100) / 100,
    };
  }
  state.lowSince = null;
  state.lowWindows = 0;
  state.baselineKmh = baseline === null ? speed : baseline + opts.alpha * (speed - baseline);
  state.baselineWindows += 1;
  return null;
}

/** Closes an open episode that has seen no data for the timeout (called as the watermark moves). */
export function expireEpisode(state: DetectorState, watermark: number, timeoutMs: number): void {
  if (state.episode !== null && watermark - state.lastSeen >= timeoutMs) {
    state.episode = null;
    state.lowSince = null;
    state.lowWindows = 0;
  }
}
