import type { Logger } from '@city/log';
import type { ProcessorMetrics } from '../metrics/processor-metrics.js';
import { retentionCutoff } from './retention-cutoff.js';
import type { RetentionPolicy } from './retention-policies.js';
import { chunkDeleteSql, RETENTION_LOCK_CLASS, TRY_LOCK_SQL, UNLOCK_SQL } from './retention-sql.js';

/** One database connection of its own (a session: the advisory lock belongs to it). */
export interface RetentionSession {
  query(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  end(): Promise<void>;
}

export interface RetentionJobDeps {
  readonly connect: () => Promise<RetentionSession>;
  readonly policies: readonly RetentionPolicy[];
  /** Rows per DELETE statement. */
  readonly chunkRows: number;
  /** Pause between two DELETE statements (0: none). */
  readonly pauseMs: number;
  readonly now: () => number;
  readonly log: Logger;
  readonly metrics: Pick<ProcessorMetrics, 'retentionDeletedRows' | 'retentionRuns'>;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type RetentionOutcome = 'done' | 'skipped' | 'stopped' | 'idle';

export interface RetentionRun {
  /**
   * done: every table is below its horizon; skipped: another session holds the lock; stopped:
   * `stop()` ended it between two statements; idle: every horizon is 0 (no connection made).
   */
  readonly outcome: RetentionOutcome;
  /** Rows deleted per table in this run (tables with a horizon only). */
  readonly deleted: Readonly<Record<string, number>>;
  /** DELETE statements sent. */
  readonly statements: number;
  readonly durationMs: number;
}

export interface RetentionJob {
  /** One pass over every table; rejects when the database fails (nothing is retried here). */
  run(): Promise<RetentionRun>;
  /** Makes a run in progress end after its current statement, and every later run at once. */
  stop(): void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Deletes the rows older than each table's horizon, in chunks of `chunkRows` (one autocommitted
 * statement each: no long transaction, no long lock), on a session that holds the advisory
 * lock: when another processor holds it, the run is skipped.
 */
export function createRetentionJob(deps: RetentionJobDeps): RetentionJob {
  const sleep = deps.sleep ?? defaultSleep;
  const log = deps.log.child({ component: 'retention' });
  let stopped = false;

  async function prune(session: RetentionSession, nowMs: number, deleted: Record<string, number>) {
    let statements = 0;
    for (const policy of deps.policies) {
      const cutoff = retentionCutoff(nowMs, policy.days);
      if (!cutoff) continue;
      let tableDeleted = 0;
      deleted[policy.table] = 0;
      const sql = chunkDeleteSql(policy.table, policy.column);
      for (;;) {
        if (statements > 0 && deps.pauseMs > 0) await sleep(deps.pauseMs);
        if (stopped) return { statements, stopped: true };
        const result = await session.query(sql, [cutoff.toISOString(), deps.chunkRows]);
        statements += 1;
        const n = result.rowCount ?? 0;
        tableDeleted += n;
        deleted[policy.table] = tableDeleted;
        if (n > 0) deps.metrics.retentionDeletedRows.inc({ table: policy.table }, n);
        if (n < deps.chunkRows) break;
      }
    }
    return { statements, stopped: false };
  }

  async function run(): Promise<RetentionRun> {
    const started = deps.now();
    const deleted: Record<string, number> = {};
    const finish = (outcome: RetentionOutcome, statements: number): RetentionRun => {
      deps.metrics.retentionRuns.inc({ outcome });
      return { outcome, deleted, statements, durationMs: deps.now() - started };
    };
    if (stopped) return finish('stopped', 0);
    if (deps.policies.every((p) => p.days === 0)) return finish('idle', 0);

    let session: RetentionSession;
    try {
      session = await deps.connect();
    } catch (error) {
      deps.metrics.retentionRuns.inc({ outcome: 'failed' });
      throw error;
    }
    try {
      const lock = await session.query(TRY_LOCK_SQL, [RETENTION_LOCK_CLASS]);
      if (lock.rows[0]?.locked !== true) {
        log.info('retention skipped: another processor holds the lock');
        return finish('skipped', 0);
      }
      try {
        const result = await prune(session, started, deleted);
        const runResult = finish(result.stopped ? 'stopped' : 'done', result.statements);
        log.info(
          {
            outcome: runResult.outcome,
            deleted,
            statements: runResult.statements,
            durationMs: runResult.durationMs,
          },
          'retention run',
        );
        return runResult;
      } finally {
        // Ending the session releases the lock as well; unlocking first frees it at once.
        await session.query(UNLOCK_SQL, [RETENTION_LOCK_CLASS]).catch(() => undefined);
      }
    } catch (error) {
      deps.metrics.retentionRuns.inc({ outcome: 'failed' });
      log.warn({ err: error, deleted }, 'retention run failed; next run tries again');
      throw error;
    } finally {
      await session.end().catch(() => undefined);
    }
  }

  return {
    run,
    stop() {
      stopped = true;
    },
  };
}
