import path from 'node:path';
import { simulatorDef, type StackAddresses } from '../stack/service-defs.js';
import { ServiceProcess } from '../stack/service-process.js';

export interface LoadSpec {
  readonly rate?: number;
  readonly vehicles?: number;
  readonly intervalS?: number;
  readonly incidentsPerHour?: number;
}

interface SimReport {
  readonly bench: 'sim-progress' | 'sim-final';
  readonly acked: number;
  readonly ackedByTopic: Record<string, number>;
  readonly error?: string;
}

/**
 * Runs simulator processes one after another (a new one after each stop or crash) and keeps the
 * acknowledged counts of all of them: the producer-side truth the pipeline is checked against.
 */
export class SimulatorDriver {
  private generation = 0;
  private current: ServiceProcess | undefined;
  private currentAcked: Record<string, number> = {};
  private finishedAcked: Record<string, number> = {};
  readonly failures: string[] = [];

  constructor(
    private readonly addresses: StackAddresses,
    private readonly logDir: string,
    private readonly load: LoadSpec,
  ) {}

  get pid(): number | undefined {
    return this.current?.pid;
  }

  get running(): boolean {
    return this.current?.pid !== undefined;
  }

  start(): void {
    if (this.running) return;
    const proc = new ServiceProcess(
      simulatorDef(this.addresses, this.load, this.generation++),
      this.logDir,
    );
    this.currentAcked = {};
    proc.onJsonLine.push((line) => {
      const r = line as unknown as SimReport;
      if (r.bench !== 'sim-progress' && r.bench !== 'sim-final') return;
      this.currentAcked = r.ackedByTopic;
      if (r.error) this.failures.push(r.error);
    });
    proc.start();
    void proc.exited.then(() => {
      for (const [t, n] of Object.entries(this.currentAcked))
        this.finishedAcked[t] = (this.finishedAcked[t] ?? 0) + n;
      this.currentAcked = {};
    });
    this.current = proc;
  }

  /** Graceful stop: the simulator flushes and waits for every acknowledgement. */
  async stop(): Promise<void> {
    const proc = this.current;
    if (!proc) return;
    await proc.stop(60_000);
    await new Promise((r) => setImmediate(r));
  }

  /** Acknowledged events of one topic over every simulator generation. */
  acked(topic: string): number {
    return (this.finishedAcked[topic] ?? 0) + (this.currentAcked[topic] ?? 0);
  }

  static logDir(workDir: string): string {
    return path.join(workDir, 'logs');
  }
}
