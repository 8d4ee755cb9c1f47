import { Redis } from 'ioredis';
import {
  gatewayBreakdown,
  processorBreakdown,
  scrapeHistograms,
  waitFor,
  type GatewayBreakdown,
  type ProcessorBreakdown,
} from '@city/infra';
import { SIMULATOR_TOPICS } from '@city/simulator';
import { viewerToken } from './auth-token.js';
import { QueryLoadProcess } from './load/query-load-process.js';
import { SimulatorDriver, type LoadSpec } from './load/simulator-driver.js';
import { SubscriberPool } from './load/subscribers.js';
import { topicEnd } from './measure/kafka-offsets.js';
import { lagTrendPerSecond } from './measure/lag-trend.js';
import { Monitor, type TimelinePoint } from './measure/monitor.js';
import type { LatencySummary } from './measure/percentiles.js';
import type { ProcessUsage } from './measure/proc-stats.js';
import type { BenchStack } from './stack/bench-stack.js';

export interface BenchOptions extends LoadSpec {
  readonly subscribers: number;
  /** vehiclesMoved batch interval of the viewport subscribers, ms (default 1000). */
  readonly frameMs?: number;
  readonly queryClients: number;
  readonly queryRate: number;
  readonly durationS: number;
  readonly warmupS: number;
}

export interface BenchResult {
  readonly options: BenchOptions;
  readonly startedAt: string;
  readonly ingest: {
    /** All simulator topics, acknowledged by Kafka, per second of the measured window. */
    readonly producedPerSecond: number;
    readonly gpsProducedPerSecond: number;
    /** gps_data committed by the processor (through PostgreSQL, Redis, Parquet) per second. */
    readonly gpsProcessedPerSecond: number;
    /** gps_data committed (so also in Parquet on S3) per second. */
    readonly gpsCommittedPerSecond: number;
    /** gps_data end offsets - the vehicles group's committed offsets (rows not yet in S3 count). */
    readonly lagMax: number;
    readonly lagEnd: number;
    /**
     * Least-squares slope of the committed lag (end offsets - committed) over the window, gps
     * events per second: ~0 when the processor keeps up, however the lag swings with commits.
     */
    readonly lagTrendPerSecond: number;
    /** The processor's processor_consumer_lag gauge (fetch-batch lag; reads 0 when it is stale). */
    readonly processorLagGaugeMax: number;
    readonly timeline: readonly TimelinePoint[];
  };
  readonly subscriptions: {
    readonly subscribers: number;
    readonly byKind: Record<string, number>;
    readonly framesPerSecond: number;
    readonly errors: number;
    readonly produceToReceiveMs: LatencySummary;
    readonly emitToReceiveMs: LatencySummary;
    /** incidentChanged / healthAlertChanged frames (not batched): receive - Kafka produce. */
    readonly eventProduceToReceiveMs: LatencySummary;
  };
  readonly queries: {
    readonly clients: number;
    readonly targetRate: number;
    readonly achievedRate: number;
    readonly failed: number;
    readonly latencyMs: LatencySummary;
  };
  /** Where the vehicles path spends its time in the processor (its histograms, measured window). */
  readonly processor: ProcessorBreakdown | undefined;
  readonly gateway: GatewayBreakdown | undefined;
  readonly processes: Record<string, ProcessUsage>;
  readonly redis: {
    readonly usedMemoryBytes: number;
    readonly baselineBytes: number;
    readonly trackedVehicles: number;
    readonly bytesPer100kVehicles: number;
  };
  readonly simulatorFailures: readonly string[];
}

async function simulatorTopicsEnd(stack: BenchStack): Promise<number> {
  const admin = stack.kafka.admin();
  await admin.connect();
  try {
    let sum = 0;
    for (const t of SIMULATOR_TOPICS)
      if (t !== 'dispatch_commands') sum += await topicEnd(admin, stack.physical(t));
    return sum;
  } finally {
    await admin.disconnect();
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? NaN);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One benchmark run on a running stack: load, subscribers, queries, measurements. */
export async function runBench(
  stack: BenchStack,
  options: BenchOptions,
  print: (line: string) => void,
): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const redis = new Redis(stack.redis.url);
  const admin = stack.kafka.admin();
  await admin.connect();
  const sim = new SimulatorDriver(stack, SimulatorDriver.logDir(stack.workDir), options);
  const token = await viewerToken();
  const gateway = `127.0.0.1:${stack.ports.gateway}`;
  const pool = new SubscriberPool(`ws://${gateway}/graphql`, token, undefined, options.frameMs);
  const queries = new QueryLoadProcess(`http://${gateway}/graphql`, token);
  const monitor = new Monitor(stack, admin, sim, print, () => queries.pid);
  try {
    const baselineBytes = await usedMemory(redis);
    if (options.subscribers > 0) {
      await pool.open(options.subscribers, (n) =>
        print(`subscribers connected: ${n}/${options.subscribers}`),
      );
    }
    let lastFrames = pool.frames();
    let lastQueries = 0;
    monitor.extra = () => {
      const frames = pool.frames();
      const q = queries.ok + queries.failed;
      const s = ` | frames ${frames - lastFrames}/s p99 ${pool.produceToReceive.summary().p99}ms | queries ${q - lastQueries}/s`;
      lastFrames = frames;
      lastQueries = q;
      return s;
    };
    sim.start();
    queries.start(options.queryClients, options.queryRate);
    monitor.start();
    // The simulator loads the road network before it produces (seconds on a loaded machine): the
    // warm-up starts at its first events, so the measured window is not part start-up.
    await waitFor(() => (monitor.timeline.at(-1)?.producedPerSecond ?? 0) > 0, {
      timeoutMs: 120_000,
      description: 'the simulator producing',
    });
    await sleep(options.warmupS * 1000);

    // Measured window.
    const produced0 = await simulatorTopicsEnd(stack);
    const lag0 = await monitor.sample();
    const histograms0 = await scrapeHistograms(stack.ports.processor);
    const gateway0 = await scrapeHistograms(stack.ports.gateway);
    await monitor.readProcessor();
    const applied0 = monitor.applied;
    const frames0 = pool.frames();
    const timeline0 = monitor.timeline.length;
    monitor.processes.start();
    pool.measuring = true;
    const queries0 = await queries.measure(true);
    const t0 = Date.now();
    await sleep(options.durationS * 1000);
    pool.measuring = false;
    const queries1 = await queries.measure(false);
    const seconds = (Date.now() - t0) / 1000;
    const produced1 = await simulatorTopicsEnd(stack);
    const lag1 = await monitor.sample();
    const histograms1 = await scrapeHistograms(stack.ports.processor);
    const gateway1 = await scrapeHistograms(stack.ports.gateway);
    await monitor.readProcessor();
    const applied1 = monitor.applied;
    const frames1 = pool.frames();
    monitor.stop();
    const usedMemoryBytes = await usedMemory(redis);
    const trackedVehicles = await redis.zcard(`${stack.redisKeyPrefix}vehicles:geo`);

    await queries.stop();
    await sim.stop();
    const timeline = monitor.timeline.slice(timeline0);
    const stats = pool.stats();
    return {
      options,
      startedAt,
      ingest: {
        producedPerSecond: Math.round((produced1 - produced0) / seconds),
        gpsProducedPerSecond: Math.round((lag1.produced - lag0.produced) / seconds),
        gpsProcessedPerSecond: Math.round((applied1 - applied0) / seconds),
        gpsCommittedPerSecond: Math.round((lag1.committed - lag0.committed) / seconds),
        lagMax: Math.max(lag1.lag, ...timeline.map((p) => p.uncommitted)),
        lagEnd: lag1.lag,
        lagTrendPerSecond: Math.round(
          lagTrendPerSecond(timeline.map((p) => ({ t: p.t, lag: p.uncommitted }))),
        ),
        processorLagGaugeMax: Math.max(monitor.processorLag, ...timeline.map((p) => p.lag)),
        timeline,
      },
      subscriptions: {
        subscribers: stats.subscribers,
        byKind: stats.byKind,
        framesPerSecond: Math.round((frames1 - frames0) / seconds),
        errors: stats.errors,
        produceToReceiveMs: pool.produceToReceive.summary(),
        emitToReceiveMs: pool.emitToReceive.summary(),
        eventProduceToReceiveMs: pool.eventProduceToReceive.summary(),
      },
      queries: {
        clients: options.queryClients,
        targetRate: options.queryRate,
        achievedRate: Math.round((queries1 - queries0) / seconds),
        failed: queries.failed,
        latencyMs: queries.latencySummary(),
      },
      processor: histograms1 ? processorBreakdown(histograms0, histograms1) : undefined,
      gateway: gateway1 ? gatewayBreakdown(gateway0, gateway1) : undefined,
      processes: monitor.processes.result(),
      redis: {
        usedMemoryBytes,
        baselineBytes,
        trackedVehicles,
        bytesPer100kVehicles:
          trackedVehicles > 0
            ? Math.round(((usedMemoryBytes - baselineBytes) / trackedVehicles) * 100_000)
            : NaN,
      },
      simulatorFailures: sim.failures,
    };
  } finally {
    monitor.stop();
    await queries.stop();
    await pool.close();
    await sim.stop();
    await admin.disconnect();
    redis.disconnect();
  }
}
