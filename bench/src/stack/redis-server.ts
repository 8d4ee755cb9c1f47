import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { waitFor } from '@city/infra';

/** A redis-server this run spawns itself (no persistence), so restarting it touches no one else. */
export class OwnRedis {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child && this.child.exitCode === null && this.child.signalCode === null
      ? this.child.pid
      : undefined;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    this.child = child;
    await waitFor(
      async () => {
        const r = new Redis(this.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        r.on('error', () => undefined);
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } finally {
          r.disconnect();
        }
      },
      { timeoutMs: 15_000, intervalMs: 100, description: `redis-server on ${this.port}` },
    );
  }

  /** SIGKILL: everything in memory is gone (nothing is persisted). */
  async kill9(): Promise<void> {
    if (!this.pid) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.pid) return;
    this.child!.kill('SIGTERM');
    await this.exited;
  }
}
