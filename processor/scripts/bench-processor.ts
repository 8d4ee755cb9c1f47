// `npm run bench:processor`: sustained gps_data throughput through every sink (PostgreSQL, Parquet
// on S3, Redis hot state + checkpoint, change feed, segment_observations/geofence produce).
// Pre-produces N events, then measures from processor start until the group's committed offsets
// reach the end of the topic. Also measures parquetjs-lite encoding alone.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { env as cfg, parseConfig } from '@city/config';
import {
  describeBreakdown,
  parseHistograms,
  processorBreakdown,
  type HistogramSnapshot,
} from '@city/infra';
import { encodeParquet, type ArchivedRow } from '../src/sinks/parquet-file.js';
import { createTestEnv, gpsFleet, gpsMessages, startTestProcessor } from '../tests/harness.js';

const options = parseConfig({
  events: cfg.int('BENCH_EVENTS', { default: 60_000, min: 1000 }),
  /** 0: only the latency runs. */
  runs: cfg.int('BENCH_RUNS', { default: 3, min: 0 }),
  partitions: cfg.int('BENCH_PARTITIONS', { default: 6, min: 1 }),
  vehicles: cfg.int('BENCH_VEHICLES', { default: 2000, min: 1 }),
  /** The production default (config.ts), unless measuring another. */
  maxBytesPerPartition: cfg.int('BENCH_MAX_BYTES_PER_PARTITION', { default: 4_194_304 }),
  /** Produce -> change-feed latency at these fixed rates (events/s), after the throughput runs. */
  latencyRates: cfg.list('BENCH_LATENCY_RATES', { default: ['2000', '5000'] }),
  latencySeconds: cfg.int('BENCH_LATENCY_SECONDS', { default: 20, min: 5 }),
  /** Parquet flush limits of the latency runs (a flush stalls its partition's batch). */
  parquetMaxAgeMs: cfg.int('BENCH_PARQUET_MAX_AGE_MS', { default: 2000, min: 0 }),
  parquetMaxRows: cfg.int('BENCH_PARQUET_MAX_ROWS', { default: 20_000, min: 1 }),
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function parquetOnly(): Promise<number> {
  const events = gpsFleet(500, 40);
  const rows: ArchivedRow[] = events.map((e, i) => ({
    partition: 0,
    offset: String(i),
    eventTime: Date.parse(e.timestamp),
    produceTime: Date.now(),
    event: e,
  }));
  const start = performance.now();
  await encodeParquet('gps_data', rows);
  return rows.length / ((performance.now() - start) / 1000);
}

async function run(index: number): Promise<{ rate: number; cpuPerK: number; mainPerK: number }> {
  const env = await createTestEnv(options.partitions);
  try {
    const fixes = Math.ceil(options.events / options.vehicles);
    const messages = gpsMessages(
      gpsFleet(options.vehicles, fixes, Date.now() - 600_000, true).slice(0, options.events),
    );
    const producer = env.kafka.producer();
    await producer.connect();
    for (let i = 0; i < messages.length; i += 5000) {
      await producer.send({
        topic: env.physical('gps_data'),
        messages: messages.slice(i, i + 5000),
      });
    }
    await producer.disconnect();
    const admin = env.kafka.admin();
    await admin.connect();
    const processor = startTestProcessor(env, {
      config: {
        parquetMaxRows: 20_000,
        parquetMaxAgeMs: 2000,
        partitionsConcurrently: options.partitions,
        maxBytesPerPartition: options.maxBytesPerPartition,
      },
    });
    const groupId = `${env.groupPrefix}vehicles`;
    await processor.start();
    // Measure from the group join: the initial rebalance delay is start-up, not throughput.
    while (!processor.consumers.every((c) => c.joined()))
      await new Promise((r) => setTimeout(r, 20));
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const eluStart = performance.eventLoopUtilization();
    for (;;) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [env.physical('gps_data')] });
      const committed = (offsets?.partitions ?? []).reduce(
        (n, p) => n + Math.max(0, Number(p.offset)),
        0,
      );
      if (committed >= messages.length) break;
      if (process.env.BENCH_DEBUG) console.log(`committed ${committed}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const elu = performance.eventLoopUtilization(eluStart);
    if (process.env.BENCH_DEBUG) {
      const text = await processor.metrics.registry.metrics();
      console.log(
        text
          .split('\n')
          .filter((l) => /_sum|_count/.test(l) && /sink|batch/.test(l))
          .join('\n'),
      );
    }
    await processor.stop();
    await admin.disconnect();
    const rate = messages.length / seconds;
    // Less sensitive to a shared machine than wall time: CPU the process (all threads) spent per
    // 1000 events, and the main thread's busy time (event-loop utilisation), the serial part.
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const cpuPerK = (cpuMs * 1000) / messages.length;
    const mainPerK = (elu.active * 1000) / messages.length;
    console.log(
      `run ${index + 1}: ${messages.length} events in ${seconds.toFixed(1)} s = ${Math.round(rate)} events/s; CPU ${cpuPerK.toFixed(0)} ms/1000 events (all threads), main thread busy ${mainPerK.toFixed(0)} ms/1000 events`,
    );
    return { rate, cpuPerK, mainPerK };
  } finally {
    await env.cleanup();
  }
}

/**
 * Produces at a fixed rate (ticks of 50 ms) while the processor runs and reads the
 * produce -> change-feed histogram it exports; the first quarter is warm-up and not counted.
 */
async function latency(
  rate: number,
): Promise<{ p50: number; p99: number; count: number; breakdown: string }> {
  const env = await createTestEnv(options.partitions);
  try {
    const total = rate * options.latencySeconds;
    const fixes = Math.ceil(total / options.vehicles);
    const messages = gpsMessages(
      gpsFleet(options.vehicles, fixes, Date.now() - 60_000, true).slice(0, total),
    );
    const producer = env.kafka.producer();
    await producer.connect();
    const processor = startTestProcessor(env, {
      config: {
        parquetMaxRows: options.parquetMaxRows,
        parquetMaxAgeMs: options.parquetMaxAgeMs,
        partitionsConcurrently: options.partitions,
        maxBytesPerPartition: options.maxBytesPerPartition,
      },
    });
    await processor.start();
    while (!processor.consumers.every((c) => c.joined()))
      await new Promise((r) => setTimeout(r, 20));
    const tickMs = 50;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    const start = performance.now();
    let sent = 0;
    let reset = false;
    let before: HistogramSnapshot | undefined;
    while (sent < messages.length) {
      const due = Math.min(
        messages.length,
        Math.floor(((performance.now() - start) / 1000) * rate) + perTick,
      );
      // A stalled loop catches up in requests under the broker's message.max.bytes (1 MB).
      while (sent < due) {
        const upTo = Math.min(due, sent + 1000);
        await producer.send({
          topic: env.physical('gps_data'),
          messages: messages
            .slice(sent, upTo)
            .map((m) => ({ ...m, timestamp: String(Date.now()) })),
        });
        sent = upTo;
      }
      if (!reset && sent >= messages.length / 4) {
        before = parseHistograms(await processor.metrics.registry.metrics());
        reset = true;
      }
      await new Promise((r) => setTimeout(r, tickMs));
    }
    const admin = env.kafka.admin();
    await admin.connect();
    const groupId = `${env.groupPrefix}vehicles`;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [env.physical('gps_data')] });
      const resolved = (offsets?.partitions ?? []).reduce(
        (n, p) => n + Math.max(0, Number(p.offset)),
        0,
      );
      if (resolved >= messages.length) break;
      // Buffers younger than the Parquet age hold the commit back: write them out.
      await processor.flush();
      await new Promise((r) => setTimeout(r, 100));
    }
    const breakdown = processorBreakdown(
      before,
      parseHistograms(await processor.metrics.registry.metrics()),
    );
    await processor.stop();
    await admin.disconnect();
    await producer.disconnect();
    const feed = breakdown.produceToFeedMs;
    return { p50: feed.p50, p99: feed.p99, count: feed.n, breakdown: describeBreakdown(breakdown) };
  } finally {
    await env.cleanup();
  }
}

const encodeRate = await parquetOnly();
console.log(
  `Parquet encode alone (parquetjs-lite, columnar append, one cold run; see bench:parquet): ${Math.round(encodeRate)} rows/s`,
);
const results: { rate: number; cpuPerK: number; mainPerK: number }[] = [];
for (let i = 0; i < options.runs; i++) results.push(await run(i));
if (results.length > 0)
  console.log(
    `median: ${Math.round(median(results.map((r) => r.rate)))} events/s through all sinks, CPU ${median(results.map((r) => r.cpuPerK)).toFixed(0)} ms/1000 events, main thread ${median(results.map((r) => r.mainPerK)).toFixed(0)} ms/1000 events (${options.events} events, ${options.partitions} partitions, ${options.vehicles} vehicles, load average ${loadavg()[0]!.toFixed(1)})`,
  );
for (const rate of options.latencyRates.map(Number).filter((r) => r > 0)) {
  const l = await latency(rate);
  console.log(
    `latency at ${rate} events/s: produce -> change feed p50 ${Math.round(l.p50)} ms, p99 ${Math.round(l.p99)} ms (${l.count} changes, histogram buckets, interpolated)`,
  );
  console.log(`  ${l.breakdown}`);
}
process.exit(0);
