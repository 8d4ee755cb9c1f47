import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LatencySummary } from '../measure/percentiles.js';

export type QueryLoadCommand =
  | { kind: 'start'; clients: number; rate: number }
  | { kind: 'measure'; on: boolean }
  | { kind: 'stop' };

export interface QueryLoadReport {
  readonly ok: number;
  readonly failed: number;
  readonly failureReasons: Record<string, number>;
  /** Only in the final report (sent when the load stops). */
  readonly latency?: LatencySummary;
}

const EMPTY: LatencySummary = { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };

/**
 * The query clients (query-clients.ts) in a child process: counts arrive once a second, the
 * latency summary when the load stops. Same surface as QueryClients for the benchmark.
 */
export class QueryLoadProcess {
  private child: ChildProcess | undefined;
  private last: QueryLoadReport = { ok: 0, failed: 0, failureReasons: {} };

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
  get failureReasons(): Record<string, number> {
    return this.last.failureReasons;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  /** The measured window's latency (empty until stop() has returned). */
  latencySummary(): LatencySummary {
    return this.last.latency ?? EMPTY;
  }

  set measuring(on: boolean) {
    this.send({ kind: 'measure', on });
  }

  start(clients: number, rate: number): void {
    if (clients <= 0 || rate <= 0 || this.child) return;
    this.child = fork(fileURLToPath(new URL('./query-proc.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, QUERY_LOAD_URL: this.url, QUERY_LOAD_TOKEN: this.token },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (report: QueryLoadReport) => (this.last = report));
    this.send({ kind: 'start', clients, rate });
  }

  /** Stops the load and waits for the final report (latency included). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    // 'close', not 'exit': it comes after the IPC channel has delivered the final report.
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.send({ kind: 'stop' } satisfies QueryLoadCommand);
    const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await closed;
    clearTimeout(timeout);
  }

  private send(command: QueryLoadCommand): void {
    if (this.child?.connected) this.child.send(command);
  }
}
