// `npm run bench:processor:scale -- 1 2`: gps_data throughput of the vehicles pipeline run as 1, 2, …
// real processor processes (processor/src/index.ts, one consumer group; partitions spread over
// them), all sinks on. For each process count (interleaved, BENCH_RUNS rounds): start the
// processes, wait until the group is stable with all of them, produce BENCH_EVENTS fixes as fast
// as one producer can, and time produce start -> committed offsets at the end of the topic.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { env as cfg, parseConfig } from '@city/config';
import { freePort, waitFor } from '@city/infra';
import { createTestEnv, gpsFleet, gpsMessages, type TestEnv } from '../tests/harness.js';
import { spawnProcessor } from '../tests/spawn-processor.js';

const options = parseConfig({
  events: cfg.int('BENCH_EVENTS', { default: 120_000, min: 1000 }),
  runs: cfg.int('BENCH_RUNS', { default: 3, min: 1 }),
  partitions: cfg.int('BENCH_PARTITIONS', { default: 6, min: 1 }),
  vehicles: cfg.int('BENCH_VEHICLES', { default: 2000, min: 1 }),
  maxBytesPerPartition: cfg.int('BENCH_MAX_BYTES_PER_PARTITION', { default: 4_194_304 }),
});
const counts = process.argv.slice(2).map(Number);
if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error('usage: bench-scale-out.ts <processes> [<processes> …], e.g. 1 2');

/** CPU seconds (user + system, all threads) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startProcessors(env: TestEnv, n: number): Promise<ChildProcess[]> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    children.push(
      spawnProcessor(env, await freePort(), {
        PROCESSOR_PARTITIONS_CONCURRENTLY: String(options.partitions),
        PROCESSOR_MAX_BYTES_PER_PARTITION: String(options.maxBytesPerPartition),
        PROCESSOR_PARQUET_MAX_ROWS: '20000',
        PROCESSOR_PARQUET_MAX_AGE_MS: '2000',
        VEHICLE_STALE_SECONDS: '3600',
      }),
    );
  }
  return children;
}

async function run(n: number): Promise<{ rate: number; cpuPerK: number }> {
  const env = await createTestEnv(options.partitions);
  const admin = env.kafka.admin();
  await admin.connect();
  const children = await startProcessors(env, n);
  try {
    const groupId = `${env.groupPrefix}vehicles`;
    await waitFor(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === n;
      },
      { timeoutMs: 120_000, intervalMs: 250, description: `group stable with ${n} members` },
    );
    const fixes = Math.ceil(options.events / options.vehicles);
    const messages = gpsMessages(
      gpsFleet(options.vehicles, fixes, Date.now() - 600_000, true).slice(0, options.events),
    );
    const cpuStart = children.map((c) => cpuSeconds(c.pid!));
    const start = performance.now();
    const producer = env.kafka.producer();
    await producer.connect();
    for (let i = 0; i < messages.length; i += 5000)
      await producer.send({
        topic: env.physical('gps_data'),
        messages: messages.slice(i, i + 5000),
      });
    await producer.disconnect();
    for (;;) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [env.physical('gps_data')] });
      const committed = (offsets?.partitions ?? []).reduce(
        (sum, p) => sum + Math.max(0, Number(p.offset)),
        0,
      );
      if (committed >= messages.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = children.reduce((sum, c, i) => sum + cpuSeconds(c.pid!) - cpuStart[i]!, 0);
    const rate = messages.length / seconds;
    const cpuPerK = (cpu * 1e6) / messages.length;
    console.log(
      `${n} process(es): ${messages.length} events in ${seconds.toFixed(1)} s = ${Math.round(rate)} events/s; processors' CPU ${cpuPerK.toFixed(0)} ms/1000 events (load average ${loadavg()[0]!.toFixed(1)})`,
    );
    return { rate, cpuPerK };
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await admin.disconnect();
    await env.cleanup();
  }
}

const results = new Map<number, { rate: number; cpuPerK: number }[]>(counts.map((n) => [n, []]));
for (let round = 0; round < options.runs; round++)
  for (const n of counts) results.get(n)!.push(await run(n));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [n, list] of results) {
  console.log(
    `median, ${n} process(es): ${Math.round(median(list.map((r) => r.rate)))} events/s, CPU ${median(list.map((r) => r.cpuPerK)).toFixed(0)} ms/1000 events (${list.map((r) => Math.round(r.rate)).join(', ')})`,
  );
}
