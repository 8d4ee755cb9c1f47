import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '../src/config.js';
import { probeKafka } from '../src/health.js';
import { createKafka } from '../src/kafka/create-kafka.js';
import { kafkaFiles, stopKafka } from '../src/kafka/kafka-broker.js';
import { localInfraFromConfig, type LocalInfra } from '../src/local-infra.js';
import { REPO_ROOT } from '../src/paths.js';
import { freePort, isPortOpen } from '../src/ports.js';
import { isProcessAlive, readPidFile } from '../src/process-control.js';
import { s3Files, stopS3Server } from '../src/s3/s3-server-process.js';

interface CliRun {
  readonly code: number | null;
  readonly output: string;
}

/** Runs `npm run <script>` as a user would, with `env`. */
function npmRun(script: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: REPO_ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function pids(infra: LocalInfra) {
  return {
    kafka: readPidFile(kafkaFiles(infra.kafka!).pidFile),
    s3: readPidFile(s3Files(infra.s3!).pidFile),
  };
}

/** PIDs of live processes whose command line mentions `text` (Linux /proc). */
function processesMentioning(text: string): number[] {
  if (!fs.existsSync('/proc/self/cmdline')) return [];
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter(isProcessAlive);
}

describe('infra:up / infra:down on a second instance (own ports and data dir)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let infra: LocalInfra;
  let ports: { kafka: number; controller: number; s3: number };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'city-infra-test-'));
    ports = { kafka: await freePort(), controller: await freePort(), s3: await freePort() };
    env = {
      ...process.env,
      INFRA_CACHE_DIR: dir,
      KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
      KAFKA_CONTROLLER_PORT: String(ports.controller),
      KAFKA_HEAP_MB: '256',
      KAFKA_PARTITIONS: '1',
      S3_ENDPOINT: `http://127.0.0.1:${ports.s3}`,
    };
    infra = localInfraFromConfig(loadInfraConfig(env, { warn: () => {} }));
  });

  afterAll(async () => {
    // Whatever happened above, leave nothing running.
    if (infra) await Promise.all([stopKafka(infra.kafka!, 10_000), stopS3Server(infra.s3!, 5_000)]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts Kafka and S3, creates topics, and a second run changes nothing', async () => {
    const first = await npmRun('infra:up', env);
    expect(first.code, first.output).toBe(0);
    const started = pids(infra);
    expect(started.kafka).toBeGreaterThan(0);
    expect(started.s3).toBeGreaterThan(0);
    expect(isProcessAlive(started.kafka!) && isProcessAlive(started.s3!)).toBe(true);

    const admin = createKafka(loadInfraConfig(env, { warn: () => {} })).admin();
    await admin.connect();
    const topics = await admin.listTopics().finally(() => admin.disconnect());
    expect(topics).toContain('gps_data');
    expect(topics).toContain('gps_data.dlq');

    const second = await npmRun('infra:up', env);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain(`Kafka: already running (pid ${started.kafka})`);
    expect(second.output).toContain(`S3: already running (pid ${started.s3})`);
    expect(pids(infra)).toEqual(started);
  });

  it('infra:down stops both, frees the ports and removes the PID files; twice is harmless', async () => {
    const before = pids(infra);
    expect(before.kafka).toBeGreaterThan(0);

    const down = await npmRun('infra:down', env);
    expect(down.code, down.output).toBe(0);
    expect(isProcessAlive(before.kafka!)).toBe(false);
    expect(isProcessAlive(before.s3!)).toBe(false);
    expect(processesMentioning(dir)).toEqual([]);
    for (const port of [ports.kafka, ports.controller, ports.s3]) {
      expect(await isPortOpen('127.0.0.1', port), `port ${port}`).toBe(false);
    }
    expect(fs.existsSync(kafkaFiles(infra.kafka!).pidFile)).toBe(false);
    expect(fs.existsSync(s3Files(infra.s3!).pidFile)).toBe(false);
    expect((await probeKafka(env.KAFKA_BROKERS!.split(','), 1000)).ok).toBe(false);

    const again = await npmRun('infra:down', env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('Kafka: not running');
  });
});

describe('infra:up on the running development instance', () => {
  it('exits 0 and keeps the same processes', async () => {
    const infra = localInfraFromConfig(loadInfraConfig(process.env, { warn: () => {} }));
    const before = infra.kafka && infra.s3 ? pids(infra) : undefined;

    const run = await npmRun('infra:up', process.env);
    expect(run.code, run.output).toBe(0);
    if (before) expect(pids(infra)).toEqual(before);
    expect(
      (await probeKafka(loadInfraConfig(process.env, { warn: () => {} }).kafkaBrokers)).ok,
    ).toBe(true);
  });
});
