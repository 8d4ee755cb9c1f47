// `npm run bench:processor`: sustained gps_data throughput through every sink (PostgreSQL, Parquet
// on S3, Redis hot state + checkpoint, change feed, segment_observations/geofence produce).
// Pre-produces N events, then measures from processor start until the group's committed offsets
// reach the end of the topic. Also measures parquetjs-lite encoding alone.
import { performance } from 'node:perf_hooks';
import { env as cfg, parseConfig } from '@city/config';
import { encodeParquet, type ArchivedRow } from '../src/sinks/parquet-file.js';
import { createTestEnv, gpsFleet, gpsMessages, startTestProcessor } from '../tests/harness.js';

const options = parseConfig({
  events: cfg.int('BENCH_EVENTS', { default: 60_000, min: 1000 }),
  runs: cfg.int('BENCH_RUNS', { default: 3, min: 1 }),
  partitions: cfg.int('BENCH_PARTITIONS', { default: 6, min: 1 }),
  vehicles: cfg.int('BENCH_VEHICLES', { default: 2000, min: 1 }),
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

async function run(index: number): Promise<number> {
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
      },
    });
    const groupId = `${env.groupPrefix}vehicles`;
    await processor.start();
    // Measure from the group join: the initial rebalance delay is start-up, not throughput.
    while (!processor.consumers.every((c) => c.joined()))
      await new Promise((r) => setTimeout(r, 20));
    const start = performance.now();
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
    console.log(
      `run ${index + 1}: ${messages.length} events in ${seconds.toFixed(1)} s = ${Math.round(rate)} events/s`,
    );
    return rate;
  } finally {
    await env.cleanup();
  }
}

const encodeRate = await parquetOnly();
console.log(`parquetjs-lite encode alone: ${Math.round(encodeRate)} rows/s (gps_data, one core)`);
const rates: number[] = [];
for (let i = 0; i < options.runs; i++) rates.push(await run(i));
console.log(
  `median: ${Math.round(median(rates))} events/s through all sinks (${options.events} events, ${options.partitions} partitions, ${options.vehicles} vehicles)`,
);
process.exit(0);
