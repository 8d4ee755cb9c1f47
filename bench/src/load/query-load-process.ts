import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LatencySummary } from '../measure/percentiles.js';

export type QueryLoadCommand =
  | { kind: 'start'; clients: number; rate: number }
  | { kind: 'measure'; on: boolean; id: number }
  | { kind: 'stop' };

export interface QueryLoadReport {
  readonly ok: number;
  readonly failed: number;
  /** Only in the final report (sent when the load stops). */
  readonly latency?: LatencySummary;
  /** The id of the `measure` command this report answers (counts at that instant). */
  readonly answers?: number;
}

const EMPTY: LatencySummary = { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };

/**
 * The query clients (query-clients.ts) in a child process: counts arrive once a second and in
 * answer to `measure`, the latency summary when the load stops. A child that ends without its
 * final report fails `stop()`.
 */
export class QueryLoadProcess {
  private child: ChildProcess | undefined;
  private last: QueryLoadReport = { ok: 0, failed: 0 };
  private ended: string | undefined;
  private nextId = 0;
  private readonly answers = new Map<number, (report: QueryLoadReport) => void>();

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  get ok(): number {
    return this.last.ok;
  }
  get failed(): number {
    return this.last.failed;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  /** The measured window's latency (empty until stop() has returned). */
  latencySummary(): LatencySummary {
    return this.last.latency ?? EMPTY;
  }

  /** Turns latency recording on or off; resolves with the requests answered at that instant. */
  measure(on: boolean): Promise<number> {
    const child = this.child;
    if (!child?.connected) return Promise.resolve(this.ok + this.failed);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.answers.set(id, (r) => resolve(r.ok + r.failed));
      child.send({ kind: 'measure', on, id } satisfies QueryLoadCommand);
    });
  }

  start(clients: number, rate: number): void {
    if (clients <= 0 || rate <= 0 || this.child) return;
    const child = fork(fileURLToPath(new URL('./query-proc.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, QUERY_LOAD_URL: this.url, QUERY_LOAD_TOKEN: this.token },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('message', (report: QueryLoadReport) => {
      this.last = report;
      if (report.answers !== undefined) {
        this.answers.get(report.answers)?.(report);
        this.answers.delete(report.answers);
      }
    });
    child.on('exit', (code, signal) => {
      this.ended = signal ? `killed by ${signal}` : `exit code ${code}`;
      // Nobody will answer now: waiters get the last counts.
      for (const answer of this.answers.values()) answer(this.last);
      this.answers.clear();
    });
    child.on('error', (error) => (this.ended = error.message));
    child.send({ kind: 'start', clients, rate } satisfies QueryLoadCommand);
  }

  /** Stops the load and waits for the final report (latency included). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.connected) {
      // 'close', not 'exit': it comes after the IPC channel has delivered the final report.
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      child.send({ kind: 'stop' } satisfies QueryLoadCommand);
      const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await closed;
      clearTimeout(timeout);
    }
    if (!this.last.latency)
      throw new Error(
        `query load process ended without its final report (${this.ended ?? 'IPC channel closed'})`,
      );
  }
}
