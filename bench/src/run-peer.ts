import { waitFor } from '@city/infra';
import { viewerToken } from './auth-token.js';
import { QueryClients } from './load/query-clients.js';
import { SimulatorDriver, type LoadSpec } from './load/simulator-driver.js';
import { SubscriberPool, type SubscriptionKind } from './load/subscribers.js';
import { Monitor } from './measure/monitor.js';
import type { LatencySummary } from './measure/percentiles.js';
import type { ProcessUsage } from './measure/proc-stats.js';
import type { BenchStack } from './stack/bench-stack.js';

export interface PeerOptions extends LoadSpec {
  /** graphql-ws subscribers per gateway (the same mix on both). */
  readonly subscribers: number;
  /** HTTP query clients per gateway; `queryRate` is per gateway too. */
  readonly queryClients: number;
  readonly queryRate: number;
  /** The window with subscribers (queries continue). */
  readonly durationS: number;
  /** The window before any subscriber: queries only, so CPU per request is the queries' own. */
  readonly queryOnlyS: number;
  readonly warmupS: number;
}

export interface GatewaySide {
  /** Queries-only window. */
  readonly queryOnly: {
    readonly rate: number;
    readonly failed: number;
    readonly latencyMs: LatencySummary;
    readonly cpuMsPerRequest: number;
    readonly cpuPercent: number;
  };
  /** Window with the subscribers connected (queries continue at the same rate). */
  readonly withSubscribers: {
    readonly queryRate: number;
    readonly queryFailed: number;
    /** Every query failure of the run by reason (see QueryClients.failureReasons). */
    readonly queryFailureReasons: Record<string, number>;
    readonly queryLatencyMs: LatencySummary;
    readonly subscribers: number;
    readonly byKind: Record<SubscriptionKind, number>;
    readonly framesByKind: Record<SubscriptionKind, number>;
    readonly framesPerSecond: number;
    /** Socket errors plus frames that carried GraphQL errors. */
    readonly errors: number;
    readonly reconnects: number;
    /** Viewport subscribers: subscribe -> first frame (includes up to one 1 s batch interval). */
    readonly firstFrameMs: LatencySummary;
    /** vehiclesMoved: receive - the subgraph's emit time (the gateway's own share). */
    readonly emitToReceiveMs: LatencySummary;
    /** vehiclesMoved: receive - Kafka produce time of the newest report. */
    readonly produceToReceiveMs: LatencySummary;
    /** incidentChanged / healthAlertChanged: receive - the change's Kafka produce time. */
    readonly eventProduceToReceiveMs: LatencySummary;
    readonly cpuPercent: number;
    readonly rssMaxMb: number;
  };
}

export interface PeerResult {
  readonly options: PeerOptions;
  readonly startedAt: string;
  readonly peer: 'hive';
  readonly gateways: { readonly ours: GatewaySide; readonly hive: GatewaySide };
  /** Every process over the window with subscribers. */
  readonly processes: Record<string, ProcessUsage>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Side {
  readonly name: 'ours' | 'hive';
  readonly process: string;
  readonly pool: SubscriberPool;
  readonly queries: QueryClients;
}

function queryCount(q: QueryClients): number {
  return q.ok + q.failed;
}

/**
 * The peer comparison: our gateway and Hive Gateway in front of the same four subgraphs, in the
 * same run, each getting the same query rate and the same subscriber mix from this process.
 * First a queries-only window (CPU per request), then subscribers open on both and a second
 * window measures delivery, CPU and memory with both kinds of load.
 */
export async function runPeer(
  stack: BenchStack,
  options: PeerOptions,
  print: (line: string) => void,
): Promise<PeerResult> {
  if (!stack.peer) throw new Error('runPeer needs a stack started with peer: "hive"');
  const startedAt = new Date().toISOString();
  const admin = stack.kafka.admin();
  await admin.connect();
  const sim = new SimulatorDriver(stack, SimulatorDriver.logDir(stack.workDir), options);
  const token = await viewerToken();
  const side = (name: Side['name'], process: string, port: number): Side => ({
    name,
    process,
    pool: new SubscriberPool(`ws://127.0.0.1:${port}/graphql`, token),
    queries: new QueryClients(`http://127.0.0.1:${port}/graphql`, token),
  });
  const sides = [
    side('ours', 'gateway', stack.ports.gateway),
    side('hive', stack.peer.process.def.name, stack.peer.port),
  ] as const;
  const monitor = new Monitor(stack, admin, sim, print);
  const usage = (name: string, u: Record<string, ProcessUsage>) =>
    u[name] ?? { cpuPercent: NaN, cpuMs: NaN, rssMeanMb: NaN, rssMaxMb: NaN };
  try {
    monitor.extra = () =>
      sides
        .map(
          (s) =>
            ` | ${s.name}: queries ${queryCount(s.queries)} (${s.queries.failed} failed), frames ${s.pool.frames()}`,
        )
        .join('');
    sim.start();
    for (const s of sides) s.queries.start(options.queryClients, options.queryRate);
    monitor.start();
    // The simulator loads the road network before it produces: warm up from its first events.
    await waitFor(() => (monitor.timeline.at(-1)?.producedPerSecond ?? 0) > 0, {
      timeoutMs: 120_000,
      description: 'the simulator producing',
    });
    await sleep(options.warmupS * 1000);

    print(`queries only, ${options.queryOnlyS}s`);
    const q0 = sides.map((s) => queryCount(s.queries));
    const failed0 = sides.map((s) => s.queries.failed);
    monitor.processes.start();
    for (const s of sides) s.queries.measuring = true;
    let t0 = Date.now();
    await sleep(options.queryOnlyS * 1000);
    for (const s of sides) s.queries.measuring = false;
    monitor.processes.sample();
    let seconds = (Date.now() - t0) / 1000;
    const queryOnlyUsage = monitor.processes.result();
    const queryOnly = sides.map((s, i) => {
      const n = queryCount(s.queries) - q0[i]!;
      const u = usage(s.process, queryOnlyUsage);
      const result = {
        rate: Math.round(n / seconds),
        failed: s.queries.failed - failed0[i]!,
        latencyMs: s.queries.latency.summary(),
        cpuMsPerRequest: n > 0 ? u.cpuMs / n : NaN,
        cpuPercent: u.cpuPercent,
      };
      s.queries.latency.clear();
      return result;
    });

    print(`opening ${options.subscribers} subscribers on each gateway`);
    await Promise.all(
      sides.map((s) =>
        s.pool.open(options.subscribers, (n) => print(`${s.name}: ${n}/${options.subscribers}`)),
      ),
    );
    // Measure once both deliver: until as many viewport subscribers receive on each side as on
    // the better one (tiles without traffic never do), at most a minute.
    const openedAt = Date.now();
    const receiving = () => sides.map((s) => s.pool.receivingAfter(openedAt).size);
    await waitFor(
      () => {
        const r = receiving();
        return Math.min(...r) > 0 && Math.min(...r) >= 0.95 * Math.max(...r);
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    ).catch(() =>
      print(`not every side delivering after 60 s (receiving: ${receiving().join(' / ')})`),
    );
    await sleep(2000);

    print(`with subscribers, ${options.durationS}s`);
    const q1 = sides.map((s) => queryCount(s.queries));
    const failed1 = sides.map((s) => s.queries.failed);
    const frames1 = sides.map((s) => s.pool.frames());
    const errors1 = sides.map((s) => s.pool.stats().errors);
    monitor.processes.start();
    for (const s of sides) {
      s.queries.measuring = true;
      s.pool.measuring = true;
    }
    t0 = Date.now();
    await sleep(options.durationS * 1000);
    for (const s of sides) {
      s.queries.measuring = false;
      s.pool.measuring = false;
    }
    monitor.processes.sample();
    seconds = (Date.now() - t0) / 1000;
    const processes = monitor.processes.result();
    const withSubscribers = sides.map((s, i) => {
      const stats = s.pool.stats();
      const u = usage(s.process, processes);
      return {
        queryRate: Math.round((queryCount(s.queries) - q1[i]!) / seconds),
        queryFailed: s.queries.failed - failed1[i]!,
        queryFailureReasons: { ...s.queries.failureReasons },
        queryLatencyMs: s.queries.latency.summary(),
        subscribers: stats.subscribers,
        byKind: stats.byKind,
        framesByKind: stats.framesByKind,
        framesPerSecond: Math.round((s.pool.frames() - frames1[i]!) / seconds),
        errors: stats.errors - errors1[i]!,
        reconnects: stats.reconnects,
        firstFrameMs: s.pool.firstFrame.summary(),
        emitToReceiveMs: s.pool.emitToReceive.summary(),
        produceToReceiveMs: s.pool.produceToReceive.summary(),
        eventProduceToReceiveMs: s.pool.eventProduceToReceive.summary(),
        cpuPercent: u.cpuPercent,
        rssMaxMb: u.rssMaxMb,
      };
    });
    monitor.stop();
    for (const s of sides) await s.queries.stop();
    await sim.stop();
    return {
      options,
      startedAt,
      peer: 'hive',
      gateways: {
        ours: { queryOnly: queryOnly[0]!, withSubscribers: withSubscribers[0]! },
        hive: { queryOnly: queryOnly[1]!, withSubscribers: withSubscribers[1]! },
      },
      processes,
    };
  } finally {
    monitor.stop();
    for (const s of sides) {
      await s.queries.stop();
      await s.pool.close();
    }
    await sim.stop();
    await admin.disconnect();
  }
}
