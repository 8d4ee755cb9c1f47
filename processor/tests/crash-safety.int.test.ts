import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@city/infra';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sinks } from '../src/runtime/process-batch.js';
import type { Processor } from '../src/runtime/create-processor.js';
import {
  committedCount,
  createTestEnv,
  expectedEpisodes,
  gpsFleet,
  gpsMessages,
  infra,
  readParquetRows,
  startTestProcessor,
  type TestEnv,
} from './harness.js';

async function countRows(env: TestEnv, table: string): Promise<number> {
  const rows = await env.prisma.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM ${table}`,
  );
  return Number(rows[0]!.n);
}

/** Parquet rows once the count is reached and stays put (a duplicate would push it past). */
async function parquetRowsSettled(env: TestEnv, expected: number) {
  return waitFor(
    async () => {
      const rows = await readParquetRows(env.s3, `${env.s3Prefix}topic=gps_data/`);
      return rows.length >= expected ? rows : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, description: `${expected} Parquet rows` },
  );
}

function expectExactlyOnce(rows: Record<string, unknown>[], eventIds: string[]) {
  expect(rows).toHaveLength(eventIds.length);
  expect(new Set(rows.map((r) => r.eventId))).toEqual(new Set(eventIds));
}

describe('crash safety', () => {
  let env: TestEnv | undefined;
  let processor: Processor | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    await processor?.stop();
    processor = undefined;
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
    await env?.cleanup();
    env = undefined;
  });

  it('a sink failing between the S3 upload and the commit, and between PostgreSQL and Redis, loses and doubles nothing', async () => {
    env = await createTestEnv(2);
    const VEHICLES = 6;
    const FIXES = 30;
    const events = gpsFleet(VEHICLES, FIXES);
    const producer = env.kafka.producer();
    await producer.connect();
    // Ten fixes per send: small record batches, so the processor sees many batches (a fetch
    // cannot split a record batch) and both injected failures are reached.
    const messages = gpsMessages(events);
    for (let i = 0; i < messages.length; i += 10) {
      await producer.send({ topic: env.physical('gps_data'), messages: messages.slice(i, i + 10) });
    }
    await producer.disconnect();

    let parquetFailures = 0;
    let redisFailures = 0;
    const wrapSinks = (sinks: Sinks): Sinks => ({
      ...sinks,
      parquet: {
        async write(topic, partition, rows) {
          const written = await sinks.parquet.write(topic, partition, rows);
          // The file is in S3 but the process "dies" before committing.
          if (parquetFailures++ === 1) throw new Error('injected failure after the S3 upload');
          return written;
        },
      },
      hot: {
        write: (writes) => sinks.hot.write(writes),
        async checkpoint(key, checkpoint) {
          // PostgreSQL, Kafka and the hot writes have this batch; the checkpoint does not.
          if (redisFailures++ === 2) throw new Error('injected failure before the checkpoint');
          return sinks.hot.checkpoint(key, checkpoint);
        },
      },
    });
    processor = startTestProcessor(env, {
      config: { parquetMaxRows: 40, maxBytesPerPartition: 8192 },
      wrapSinks,
    });
    await processor.start();

    const rows = await parquetRowsSettled(env, events.length);
    await processor.stop();
    processor = undefined;
    expect(parquetFailures).toBeGreaterThan(1);
    expect(redisFailures).toBeGreaterThan(2);
    expectExactlyOnce(
      rows,
      events.map((e) => e.eventId),
    );
    expect(await countRows(env, 'vehicles')).toBe(VEHICLES);
    expect(await countRows(env, 'speeding_events')).toBe(expectedEpisodes(VEHICLES, FIXES));
  });

  it('kill -9 of the processor mid-stream and a restart: nothing lost, nothing duplicated', async () => {
    env = await createTestEnv(3);
    const VEHICLES = 20;
    const FIXES = 60;
    const events = gpsFleet(VEHICLES, FIXES);
    const port = await freePort();
    const url = new URL(infra.databaseUrl);
    url.searchParams.set('schema', env.schema);
    const childEnv = {
      ...process.env,
      PROCESSOR_DOMAINS: 'vehicles',
      PROCESSOR_TOPIC_SUFFIX: env.topicSuffix,
      PROCESSOR_GROUP_PREFIX: env.groupPrefix,
      PROCESSOR_S3_PREFIX: env.s3Prefix,
      PROCESSOR_PORT: String(port),
      PROCESSOR_PARQUET_MAX_ROWS: '150',
      PROCESSOR_PARQUET_MAX_AGE_MS: '1000',
      PROCESSOR_MAX_BYTES_PER_PARTITION: '16384',
      REDIS_KEY_PREFIX: env.redisKeyPrefix,
      DATABASE_URL: url.toString(),
      VEHICLE_STALE_SECONDS: '3600',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    };
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const launch = () =>
      spawn(process.execPath, ['--import', 'tsx', entry], {
        env: childEnv,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    const parquetRowCount = async () =>
      (await readParquetRows(env!.s3, `${env!.s3Prefix}topic=gps_data/`)).length;

    const producer = env.kafka.producer();
    await producer.connect();
    const messages = gpsMessages(events);
    const half = Math.floor(messages.length / 2);
    await producer.send({ topic: env.physical('gps_data'), messages: messages.slice(0, half) });

    child = launch();
    // Some, not all, of the first half is durable: the process is mid-stream.
    await waitFor(async () => (await parquetRowCount()) > 0, {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: 'first Parquet files',
    });
    await producer.send({ topic: env.physical('gps_data'), messages: messages.slice(half) });
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));

    child = launch();
    const rows = await parquetRowsSettled(env, events.length);
    expectExactlyOnce(
      rows,
      events.map((e) => e.eventId),
    );
    // All Parquet rows do not mean all PostgreSQL rows: the idle timer uploads rows of a batch
    // whose sinks may still run. The commit waits for every sink.
    await waitFor(
      async () => (await committedCount(env!, 'vehicles', 'gps_data')) === events.length,
      { timeoutMs: 30_000, description: 'every fix committed' },
    );
    expect(await countRows(env, 'vehicles')).toBe(VEHICLES);
    expect(await countRows(env, 'speeding_events')).toBe(expectedEpisodes(VEHICLES, FIXES));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('processor_events_in_total');
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  }, 180_000);
});
