import { createLogger } from '@city/log';
import { describe, expect, it } from 'vitest';
import { createProcessorMetrics } from '../../src/metrics/processor-metrics.js';
import {
  createRetentionJob,
  type RetentionJobDeps,
  type RetentionSession,
} from '../../src/retention/retention-job.js';
import type { RetentionPolicy } from '../../src/retention/retention-policies.js';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');

/** A session over in-memory tables: rows are event times (ms); DELETE removes the oldest. */
function fakeSession(tables: Record<string, number[]>, options: { locked?: boolean } = {}) {
  const log: string[] = [];
  let ended = false;
  const session: RetentionSession = {
    async query(text, values = []) {
      if (ended) throw new Error('session ended');
      if (text.includes('pg_try_advisory_lock')) {
        log.push('lock');
        return { rows: [{ locked: options.locked ?? true }], rowCount: 1 };
      }
      if (text.includes('pg_advisory_unlock')) {
        log.push('unlock');
        return { rows: [{ unlocked: true }], rowCount: 1 };
      }
      const table = /^DELETE FROM "([^"]+)"/.exec(text)?.[1];
      if (!table) throw new Error(`unexpected SQL ${text}`);
      const cutoff = Date.parse(values[0] as string);
      const limit = values[1] as number;
      const rows = tables[table]!;
      const doomed = rows.filter((t) => t < cutoff).slice(0, limit);
      tables[table] = rows.filter((t) => !doomed.includes(t));
      log.push(`delete ${table} ${doomed.length}`);
      return { rows: [], rowCount: doomed.length };
    },
    async end() {
      ended = true;
      log.push('end');
    },
  };
  return { session, log };
}

const DAY = 86_400_000;
const days = (n: number) => NOW - n * DAY;
const range = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);

function job(
  session: RetentionSession,
  policies: RetentionPolicy[],
  extra: Partial<RetentionJobDeps> = {},
) {
  const metrics = createProcessorMetrics();
  const sleeps: number[] = [];
  const deps: RetentionJobDeps = {
    connect: async () => session,
    policies,
    chunkRows: 10,
    pauseMs: 5,
    now: () => NOW,
    log: createLogger({ service: 'test', level: 'silent' }),
    metrics,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  };
  return { job: createRetentionJob(deps), metrics, sleeps };
}

async function counter(metrics: ReturnType<typeof createProcessorMetrics>, name: string) {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return Object.fromEntries(
    (metric?.values ?? []).map((v) => [Object.values(v.labels).join(','), v.value]),
  );
}

describe('createRetentionJob', () => {
  it('deletes rows older than each horizon in chunks until a chunk comes back short', async () => {
    const tables = {
      a: [...range(25, days(10)), ...range(3, days(1))], // 25 old (7-day horizon), 3 new
      b: [...range(10, days(40)), ...range(4, days(20))], // 10 old (30 days), 4 new
    };
    const { session, log } = fakeSession(tables);
    const {
      job: j,
      metrics,
      sleeps,
    } = job(session, [
      { table: 'a', column: 't', days: 7 },
      { table: 'b', column: 't', days: 30 },
    ]);
    const run = await j.run();
    expect(run).toMatchObject({ outcome: 'done', deleted: { a: 25, b: 10 }, statements: 5 });
    expect(log).toEqual([
      'lock',
      'delete a 10',
      'delete a 10',
      'delete a 5',
      'delete b 10',
      'delete b 0', // a full chunk may have been the last: one more statement finds none
      'unlock',
      'end',
    ]);
    expect(tables.a).toHaveLength(3);
    expect(tables.b).toHaveLength(4);
    expect(sleeps).toEqual([5, 5, 5, 5]);
    expect(await counter(metrics, 'processor_retention_deleted_rows_total')).toEqual({
      a: 25,
      b: 10,
    });
    expect(await counter(metrics, 'processor_retention_runs_total')).toEqual({ done: 1 });
  });

  it('keeps a table with 0 days and connects to nothing when every horizon is 0', async () => {
    const tables = { a: range(5, days(1000)), b: range(5, days(100)) };
    const { session, log } = fakeSession(tables);
    const { job: j } = job(session, [
      { table: 'a', column: 't', days: 0 },
      { table: 'b', column: 't', days: 30 },
    ]);
    expect(await j.run()).toMatchObject({ outcome: 'done', deleted: { b: 5 } });
    expect(tables.a).toHaveLength(5);
    expect(log.some((l) => l.startsWith('delete a'))).toBe(false);

    let connected = false;
    const { job: idle, metrics } = job(session, [{ table: 'a', column: 't', days: 0 }], {
      connect: async () => {
        connected = true;
        return session;
      },
    });
    expect((await idle.run()).outcome).toBe('idle');
    expect(connected).toBe(false);
    expect(await counter(metrics, 'processor_retention_runs_total')).toEqual({ idle: 1 });
  });

  it('skips the run when another session holds the lock', async () => {
    const tables = { a: range(5, days(100)) };
    const { session, log } = fakeSession(tables, { locked: false });
    const { job: j, metrics } = job(session, [{ table: 'a', column: 't', days: 7 }]);
    expect(await j.run()).toMatchObject({ outcome: 'skipped', deleted: {}, statements: 0 });
    expect(log).toEqual(['lock', 'end']);
    expect(tables.a).toHaveLength(5);
    expect(await counter(metrics, 'processor_retention_runs_total')).toEqual({ skipped: 1 });
  });

  it('unlocks and ends the session when a statement fails, and rejects', async () => {
    const { session, log } = fakeSession({});
    const { job: j, metrics } = job(session, [{ table: 'missing', column: 't', days: 7 }]);
    await expect(j.run()).rejects.toThrow();
    expect(log).toEqual(['lock', 'unlock', 'end']);
    expect(await counter(metrics, 'processor_retention_runs_total')).toEqual({ failed: 1 });
  });

  it('stops between two statements', async () => {
    const tables = { a: range(50, days(100)) };
    const { session, log } = fakeSession(tables);
    let pauses = 0;
    const { job: j } = job(session, [{ table: 'a', column: 't', days: 7 }], {
      sleep: async () => {
        pauses += 1;
        if (pauses === 2) j.stop();
      },
    });
    const run = await j.run();
    expect(run).toMatchObject({ outcome: 'stopped', deleted: { a: 20 }, statements: 2 });
    expect(log).toEqual(['lock', 'delete a 10', 'delete a 10', 'unlock', 'end']);
    expect((await j.run()).outcome).toBe('stopped');
  });
});
