import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@city/errors';
import { probeKafka } from '../health.js';
import { KAFKA_LOG4J_CONFIG } from '../paths.js';
import { isPortOpen } from '../ports.js';
import {
  isProcessAlive,
  removePidFile,
  runningPid,
  spawnDetached,
  stopProcess,
  tail,
} from '../process-control.js';
import { kafkaLibsPresent } from './fetch-kafka.js';
import { renderServerProperties } from './server-properties.js';

/** One local broker: its state directory, the shared jars and its ports. */
export interface KafkaInstance {
  /** Holds server.properties, data/, kafka.log and kafka.pid. */
  readonly dir: string;
  readonly libsDir: string;
  readonly host: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly heapMb: number;
}

export function kafkaFiles(instance: KafkaInstance) {
  return {
    properties: path.join(instance.dir, 'server.properties'),
    dataDir: path.join(instance.dir, 'data'),
    logFile: path.join(instance.dir, 'kafka.log'),
    pidFile: path.join(instance.dir, 'kafka.pid'),
  };
}

export function brokerAddress(instance: KafkaInstance): string {
  return `${instance.host}:${instance.port}`;
}

/** The PID of this instance's broker if it runs (checked against its command line). */
export function kafkaPid(instance: KafkaInstance): number | undefined {
  const files = kafkaFiles(instance);
  return runningPid(files.pidFile, files.properties);
}

/** Kafka's cluster id format: 16 random bytes, base64url, never starting with '-'. */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function java(instance: KafkaInstance, mainClass: string, args: string[], heapMb: number) {
  return [
    `-Xmx${heapMb}m`,
    `-Xms${Math.min(heapMb, 256)}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${KAFKA_LOG4J_CONFIG}`,
    '-cp',
    path.join(instance.libsDir, '*'),
    mainClass,
    ...args,
  ];
}

function formatStorage(instance: KafkaInstance): void {
  const files = kafkaFiles(instance);
  if (fs.existsSync(path.join(files.dataDir, 'meta.properties'))) return;
  const args = java(
    instance,
    'kafka.tools.StorageTool',
    ['format', '-t', clusterId(), '-c', files.properties, '--ignore-formatted'],
    256,
  );
  const result = spawnSync('java', args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new AppError(
      'KAFKA_FORMAT_FAILED',
      `formatting Kafka storage in ${files.dataDir} failed:\n${result.stdout}${result.stderr}`,
    );
  }
}

export type StartResult =
  { status: 'started' | 'running'; pid: number } | { status: 'external'; pid?: undefined };

export interface StartOptions {
  readonly timeoutMs: number;
  readonly say?: (message: string) => void;
}

/**
 * Starts the broker unless this instance already runs it or another broker answers on its port,
 * then waits until it answers metadata requests.
 */
export async function startKafka(
  instance: KafkaInstance,
  options: StartOptions,
): Promise<StartResult> {
  const say = options.say ?? (() => {});
  const files = kafkaFiles(instance);
  const address = brokerAddress(instance);
  let pid = kafkaPid(instance);
  let status: 'started' | 'running' = 'running';

  if (pid === undefined) {
    removePidFile(files.pidFile);
    if (await isPortOpen(instance.host, instance.port)) {
      const probe = await probeKafka([address]);
      if (probe.ok) {
        say(`Kafka: a broker not started by infra:up already answers at ${address}; using it`);
        return { status: 'external' };
      }
      throw new AppError(
        'PORT_IN_USE',
        `port ${instance.port} is taken by something that is not Kafka (${probe.detail}); free it or set KAFKA_BROKERS/KAFKA_PORT`,
      );
    }
    if (await isPortOpen(instance.host, instance.controllerPort)) {
      throw new AppError(
        'PORT_IN_USE',
        `Kafka controller port ${instance.controllerPort} is taken; set KAFKA_CONTROLLER_PORT`,
      );
    }
    if (!kafkaLibsPresent(instance.libsDir)) {
      throw new AppError(
        'KAFKA_MISSING',
        `no Kafka jars in ${instance.libsDir}: run npm run infra:fetch`,
      );
    }
    fs.mkdirSync(files.dataDir, { recursive: true });
    fs.writeFileSync(
      files.properties,
      renderServerProperties({
        host: instance.host,
        port: instance.port,
        controllerPort: instance.controllerPort,
        dataDir: files.dataDir,
      }),
    );
    formatStorage(instance);
    pid = await spawnDetached({
      command: 'java',
      args: java(instance, 'kafka.Kafka', [files.properties], instance.heapMb),
      logFile: files.logFile,
      pidFile: files.pidFile,
      cwd: instance.dir,
    });
    status = 'started';
    say(`Kafka: started broker (pid ${pid}) on ${address}, log ${files.logFile}`);
  } else {
    say(`Kafka: already running (pid ${pid}) on ${address}`);
  }

  await waitForBroker(instance, pid, options.timeoutMs);
  return { status, pid };
}

async function waitForBroker(instance: KafkaInstance, pid: number, timeoutMs: number) {
  const files = kafkaFiles(instance);
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) {
      removePidFile(files.pidFile);
      throw new AppError(
        'KAFKA_EXITED',
        `Kafka (pid ${pid}) exited during startup. Last lines of ${files.logFile}:\n${tail(files.logFile)}`,
      );
    }
    const probe = await probeKafka([brokerAddress(instance)], 2000);
    if (probe.ok) return;
    last = probe.detail;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new AppError(
    'KAFKA_START_TIMEOUT',
    `Kafka (pid ${pid}) did not answer on ${brokerAddress(instance)} within ${timeoutMs} ms (${last}). Last lines of ${files.logFile}:\n${tail(files.logFile)}`,
  );
}

/** Stops this instance's broker if it runs; removes its PID file either way. */
export async function stopKafka(instance: KafkaInstance, timeoutMs: number) {
  const files = kafkaFiles(instance);
  const pid = kafkaPid(instance);
  const outcome = pid === undefined ? 'not-running' : await stopProcess(pid, timeoutMs);
  removePidFile(files.pidFile);
  return { pid, outcome };
}
