import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '@city/errors';
import { probeS3 } from '../health.js';
import { REPO_ROOT, S3_SERVER_ENTRY } from '../paths.js';
import { isPortOpen } from '../ports.js';
import {
  isProcessAlive,
  removePidFile,
  runningPid,
  spawnDetached,
  stopProcess,
  tail,
} from '../process-control.js';
import type { S3ClientConfig } from './create-s3-client.js';

/** One local S3 server (s3rver): state directory and address. */
export interface S3Instance {
  /** Holds data/, s3.log and s3.pid. */
  readonly dir: string;
  readonly host: string;
  readonly port: number;
}

export function s3Files(instance: S3Instance) {
  return {
    dataDir: path.join(instance.dir, 'data'),
    logFile: path.join(instance.dir, 's3.log'),
    pidFile: path.join(instance.dir, 's3.pid'),
  };
}

export function s3Pid(instance: S3Instance): number | undefined {
  const files = s3Files(instance);
  return runningPid(files.pidFile, files.dataDir);
}

export interface S3StartOptions {
  readonly timeoutMs: number;
  /** Credentials and endpoint used to check the server answers. */
  readonly client: S3ClientConfig;
  readonly say?: (message: string) => void;
}

export type S3StartResult =
  { status: 'started' | 'running'; pid: number } | { status: 'external'; pid?: undefined };

/** Starts s3rver as a detached node process unless it runs or some S3 already answers. */
export async function startS3Server(
  instance: S3Instance,
  options: S3StartOptions,
): Promise<S3StartResult> {
  const say = options.say ?? (() => {});
  const files = s3Files(instance);
  const address = `${instance.host}:${instance.port}`;
  let pid = s3Pid(instance);
  let status: 'started' | 'running' = 'running';

  if (pid === undefined) {
    removePidFile(files.pidFile);
    if (await isPortOpen(instance.host, instance.port)) {
      const probe = await probeS3(options.client);
      if (probe.ok) {
        say(`S3: a server not started by infra:up already answers at ${address}; using it`);
        return { status: 'external' };
      }
      throw new AppError(
        'PORT_IN_USE',
        `port ${instance.port} is taken by something that is not S3 (${probe.detail}); set S3_ENDPOINT/S3_PORT`,
      );
    }
    fs.mkdirSync(files.dataDir, { recursive: true });
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    pid = await spawnDetached({
      command: process.execPath,
      args: [
        '--import',
        tsx,
        S3_SERVER_ENTRY,
        '--host',
        instance.host,
        '--port',
        String(instance.port),
        '--dir',
        files.dataDir,
      ],
      logFile: files.logFile,
      pidFile: files.pidFile,
      cwd: REPO_ROOT,
    });
    status = 'started';
    say(`S3: started s3rver (pid ${pid}) on ${address}, data ${files.dataDir}`);
  } else {
    say(`S3: already running (pid ${pid}) on ${address}`);
  }

  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    if (!isProcessAlive(pid)) {
      removePidFile(files.pidFile);
      throw new AppError('S3_EXITED', `s3rver exited during startup:\n${tail(files.logFile)}`);
    }
    const probe = await probeS3(options.client);
    if (probe.ok) return { status, pid };
    last = probe.detail;
    if (Date.now() > deadline) {
      throw new AppError(
        'S3_START_TIMEOUT',
        `s3rver (pid ${pid}) did not answer on ${address} within ${options.timeoutMs} ms (${last}):\n${tail(files.logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function stopS3Server(instance: S3Instance, timeoutMs: number) {
  const files = s3Files(instance);
  const pid = s3Pid(instance);
  const outcome = pid === undefined ? 'not-running' : await stopProcess(pid, timeoutMs);
  removePidFile(files.pidFile);
  return { pid, outcome };
}
