import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { REPO_ROOT } from '../paths.js';
import type { ServiceSpec } from './services.js';

export interface RunningService {
  readonly spec: ServiceSpec;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

/** Starts a service with tsx, prefixing each line it prints with its name. */
export function startService(
  spec: ServiceSpec,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): RunningService {
  const child = spawn(
    process.execPath,
    [...(spec.nodeOptions ?? []), '--import', 'tsx', spec.entry],
    {
      cwd: REPO_ROOT,
      env: { ...env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    readline
      .createInterface({ input: stream! })
      .on('line', (line) => print(`[${spec.name}] ${line}`));
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { spec, child, exited };
}

/** SIGTERM to every service (they flush and exit), SIGKILL to any still running after the grace. */
export async function stopServices(
  services: readonly RunningService[],
  graceMs = 15_000,
): Promise<void> {
  for (const service of services)
    if (service.child.exitCode === null) service.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const service of services)
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
  }, graceMs);
  await Promise.all(services.map((service) => service.exited));
  clearTimeout(timer);
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
