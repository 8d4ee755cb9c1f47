import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, waitFor } from '@city/infra';

export interface ServiceDef {
  readonly name: string;
  /** Entry file relative to the repository root, run with tsx. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Polled until HTTP 2xx after (re)start; undefined: the process only has to stay up. */
  readonly healthUrl?: string;
  readonly nodeOptions?: readonly string[];
}

/**
 * One service process the benchmark owns: started with tsx, output appended to `<logDir>/<name>.log`,
 * restartable, killable with SIGKILL. Only ever signals the pid it spawned itself.
 */
export class ServiceProcess {
  child: ChildProcess | undefined;
  private exitedPromise: Promise<number | null> = Promise.resolve(null);
  /** Lines of stdout that parse as JSON (pino logs and the simulator's reports). */
  readonly onJsonLine: ((line: Record<string, unknown>) => void)[] = [];
  restarts = 0;

  constructor(
    readonly def: ServiceDef,
    private readonly logDir: string,
  ) {}

  get pid(): number | undefined {
    return this.child && this.child.exitCode === null && this.child.signalCode === null
      ? this.child.pid
      : undefined;
  }

  get exited(): Promise<number | null> {
    return this.exitedPromise;
  }

  start(): void {
    if (this.pid) return;
    fs.mkdirSync(this.logDir, { recursive: true });
    const log = fs.createWriteStream(path.join(this.logDir, `${this.def.name}.log`), {
      flags: 'a',
    });
    const child = spawn(
      process.execPath,
      [
        ...(this.def.nodeOptions ?? []),
        '--import',
        'tsx',
        this.def.entry,
        ...(this.def.args ?? []),
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...this.def.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.startsWith('{') && this.onJsonLine.length > 0) {
          try {
            const parsed = JSON.parse(line) as Record<string, unknown>;
            for (const fn of this.onJsonLine) fn(parsed);
          } catch {
            // not JSON after all
          }
        }
      }
    });
    child.stderr!.pipe(log);
    this.exitedPromise = new Promise((resolve) =>
      // 'close' (not 'exit'): every line the process printed has been read by then.
      child.on('close', (code) => {
        log.end();
        resolve(code);
      }),
    );
    this.child = child;
  }

  async waitReady(timeoutMs = 90_000): Promise<void> {
    const url = this.def.healthUrl;
    await waitFor(
      async () => {
        if (!this.pid) throw new Error(`${this.def.name} exited (see its log in ${this.logDir})`);
        if (!url) return true;
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        return res.ok;
      },
      { timeoutMs, intervalMs: 250, description: `${this.def.name} ready` },
    );
  }

  /** kill -9 of the process this object started; resolves once it is gone. */
  async kill9(): Promise<void> {
    const pid = this.pid;
    if (!pid) return;
    this.child!.kill('SIGKILL');
    await this.exitedPromise;
  }

  /** SIGTERM (graceful), SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (!this.pid) return this.child?.exitCode ?? null;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    const code = await this.exitedPromise;
    clearTimeout(timer);
    return code;
  }

  async restart(): Promise<void> {
    await this.kill9();
    this.restarts++;
    this.start();
    await this.waitReady();
  }
}
