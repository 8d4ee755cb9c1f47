import type { Admin } from 'kafkajs';
import type { BenchStack } from '../stack/bench-stack.js';
import type { SimulatorDriver } from '../load/simulator-driver.js';
import { lagOf, type LagSample } from './kafka-offsets.js';
import { ProcessSampler } from './proc-stats.js';

export interface TimelinePoint {
  /** Seconds since the monitor started. */
  readonly t: number;
  readonly producedPerSecond: number;
  /** gps_data events the vehicles domain applied (PostgreSQL, Redis, change feed) per second. */
  readonly processedPerSecond: number;
  /** The processor's own consumer lag on gps_data (fetch position, processor_consumer_lag). */
  readonly lag: number;
  /** End offsets - committed offsets: includes rows buffered for the next Parquet file. */
  readonly uncommitted: number;
}

/** processor_events_in_total and processor_consumer_lag of vehicles/gps_data from /metrics. */
export async function processorGpsMetrics(port: number): Promise<{ applied: number; lag: number }> {
  const text = await (
    await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) })
  ).text();
  let applied = 0;
  let lag = 0;
  for (const line of text.split('\n')) {
    if (!line.includes('domain="vehicles"') || !line.includes('topic="gps_data"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('processor_events_in_total')) applied += value;
    else if (line.startsWith('processor_consumer_lag')) lag += value;
  }
  return { applied, lag };
}

/**
 * Once a second: gps_data end offsets (ingest), the vehicles group's committed offsets (processed
 * through every sink: the commit never passes a row not yet in S3) and their difference (lag),
 * plus CPU/RSS of every process. Keeps a timeline and prints a progress line.
 */
export class Monitor {
  readonly timeline: TimelinePoint[] = [];
  readonly processes: ProcessSampler;
  private timer: NodeJS.Timeout | undefined;
  private prev: LagSample | undefined;
  private prevApplied = 0;
  /** gps_data events applied, summed over processor restarts. */
  applied = 0;
  processorLag = 0;
  private startedAt = 0;
  last: LagSample | undefined;
  extra: () => string = () => '';

  constructor(
    private readonly stack: BenchStack,
    private readonly admin: Admin,
    sim: SimulatorDriver,
    private readonly print: (line: string) => void,
    /** The query load's own process, when it runs in one. */
    queryLoadPid: () => number | undefined = () => undefined,
  ) {
    this.processes = new ProcessSampler(() => ({
      simulator: sim.pid,
      kafka: stack.kafkaBrokerPid(),
      s3: stack.s3ServerPid(),
      redis: stack.redis.pid,
      ...Object.fromEntries(Object.entries(stack.services).map(([n, s]) => [n, s.pid])),
      ...(stack.peer ? { [stack.peer.process.def.name]: stack.peer.process.pid } : {}),
      bench: process.pid,
      'query-load': queryLoadPid(),
    }));
  }

  get gpsTopic(): string {
    return this.stack.physical('gps_data');
  }

  get group(): string {
    return `${this.stack.groupPrefix}vehicles`;
  }

  async sample(): Promise<LagSample> {
    return lagOf(this.admin, this.group, this.gpsTopic);
  }

  start(): void {
    this.startedAt = Date.now();
    this.processes.start();
    this.timer = setInterval(() => void this.tick(), 1000);
  }

  private async tick(): Promise<void> {
    this.processes.sample();
    let s: LagSample;
    try {
      s = await this.sample();
    } catch {
      return; // Kafka down (a fault): no point this second
    }
    const appliedBefore = this.applied;
    await this.readProcessor();
    const prev = this.prev;
    this.prev = s;
    this.last = s;
    if (!prev) return;
    const dt = (s.at - prev.at) / 1000;
    const point = {
      t: Math.round((s.at - this.startedAt) / 1000),
      producedPerSecond: Math.round((s.produced - prev.produced) / dt),
      processedPerSecond: Math.round((this.applied - appliedBefore) / dt),
      lag: this.processorLag,
      uncommitted: s.lag,
    };
    this.timeline.push(point);
    this.print(
      `t=${point.t}s gps produced ${point.producedPerSecond}/s processed ${point.processedPerSecond}/s lag ${point.lag} (uncommitted ${point.uncommitted})${this.extra()}`,
    );
  }

  /** Reads the processor's counters (a restarted processor starts from 0 again). */
  async readProcessor(): Promise<void> {
    try {
      const m = await processorGpsMetrics(this.stack.ports.processor);
      const delta = m.applied >= this.prevApplied ? m.applied - this.prevApplied : m.applied;
      this.prevApplied = m.applied;
      this.applied += delta;
      this.processorLag = m.lag;
    } catch {
      // processor down (a fault)
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.processes.sample();
  }
}
