import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The PID in `file`, or undefined when the file is missing or unreadable. */
export function readPidFile(file: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  const pid = Number(text);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function writePidFile(file: string, pid: number): void {
  fs.writeFileSync(file, `${pid}\n`);
}

export function removePidFile(file: string): void {
  fs.rmSync(file, { force: true });
}

/** Alive and not a zombie (a container's PID 1 does not always reap detached children). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) succeeded
  }
}

/** The command line of a process, used to check a PID file still names our process. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  }
}

/**
 * The PID recorded in `pidFile` if that process is alive and its command line contains
 * `marker` (so a PID reused by an unrelated process after a reboot is never signalled).
 */
export function runningPid(pidFile: string, marker: string): number | undefined {
  const pid = readPidFile(pidFile);
  if (pid === undefined || !isProcessAlive(pid)) return undefined;
  return commandLineOf(pid)?.includes(marker) ? pid : undefined;
}

export interface DetachedProcess {
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly pidFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts a process in its own session with output to `logFile` (truncated), so it outlives the
 * CLI that started it, and records its PID.
 */
export function spawnDetached(spec: DetachedProcess): Promise<number> {
  const log = fs.openSync(spec.logFile, 'w');
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        writePidFile(spec.pidFile, child.pid!);
        resolve(child.pid!);
      });
    });
  } finally {
    fs.closeSync(log);
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isProcessAlive(pid);
}

/** SIGTERM, wait up to `timeoutMs`, then SIGKILL. Returns how it ended. */
export async function stopProcess(
  pid: number,
  timeoutMs: number,
): Promise<'not-running' | 'terminated' | 'killed'> {
  if (!isProcessAlive(pid)) return 'not-running';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'not-running';
  }
  if (await waitForExit(pid, timeoutMs)) return 'terminated';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'terminated';
  }
  if (!(await waitForExit(pid, 5_000))) throw new Error(`process ${pid} survived SIGKILL`);
  return 'killed';
}

/** Last `lines` lines of a log file, for error messages. */
export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}
