import type { RetentionJob } from './retention-job.js';

export interface RetentionSchedule {
  /** No further runs; waits for a run in progress to end after its current statement. */
  stop(): Promise<void>;
}

export interface ScheduleRetentionOptions {
  readonly job: RetentionJob;
  /** Between the end of one run and the start of the next; 0 schedules nothing. */
  readonly intervalMs: number;
  /** Delay of the first run after start (default: the interval, at most one minute). */
  readonly firstDelayMs?: number;
}

/**
 * Runs the job every `intervalMs`, never two at once in this process (a run that outlasts the
 * interval delays the next). A failed run is logged by the job and tried again next time.
 */
export function scheduleRetention(options: ScheduleRetentionOptions): RetentionSchedule {
  const { job, intervalMs } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  function next(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = job
        .run()
        .catch(() => undefined)
        .finally(() => {
          running = undefined;
          next(intervalMs);
        });
    }, delayMs);
    timer.unref();
  }

  if (intervalMs > 0) next(options.firstDelayMs ?? Math.min(intervalMs, 60_000));

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      job.stop();
      await running;
    },
  };
}
