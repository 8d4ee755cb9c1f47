import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RetentionJob, RetentionRun } from '../../src/retention/retention-job.js';
import { scheduleRetention } from '../../src/retention/schedule-retention.js';

const RUN: RetentionRun = { outcome: 'done', deleted: {}, statements: 0, durationMs: 0 };

function fakeJob() {
  const calls = { runs: 0, stops: 0, finish: [] as (() => void)[] };
  const job: RetentionJob = {
    run: () =>
      new Promise((resolve, reject) => {
        calls.runs += 1;
        // Every other run fails: the schedule goes on.
        calls.finish.push(calls.runs % 2 ? () => resolve(RUN) : () => reject(new Error('db down')));
      }),
    stop: () => {
      calls.stops += 1;
    },
  };
  return { job, calls };
}

describe('scheduleRetention', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs after the first delay, then an interval after each run ends, never two at once', async () => {
    const { job, calls } = fakeJob();
    const schedule = scheduleRetention({ job, intervalMs: 1000, firstDelayMs: 100 });
    await vi.advanceTimersByTimeAsync(99);
    expect(calls.runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(5000); // the run is still going: no second one
    expect(calls.runs).toBe(1);
    calls.finish[0]!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.runs).toBe(2);
    calls.finish[1]!(); // fails
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.runs).toBe(3);

    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.stops).toBe(1);
    expect(stopped).toBe(false); // waits for the run in progress
    calls.finish[2]!();
    await stopping;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.runs).toBe(3);
  });

  it('schedules nothing for an interval of 0', async () => {
    const { job, calls } = fakeJob();
    const schedule = scheduleRetention({ job, intervalMs: 0 });
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(calls.runs).toBe(0);
    await schedule.stop();
  });

  it('starts within a minute by default', async () => {
    const { job, calls } = fakeJob();
    const schedule = scheduleRetention({ job, intervalMs: 600_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.runs).toBe(1);
    calls.finish[0]!();
    await schedule.stop();
  });
});
