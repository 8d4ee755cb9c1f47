import type { Logger } from '@city/log';
import type { Admin, Kafka } from 'kafkajs';
import type { Gauge } from 'prom-client';

export interface LagMonitorOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly domain: string;
  /** Physical topic -> logical name (the metric label). */
  readonly topics: ReadonlyMap<string, string>;
  readonly gauge: Gauge<'domain' | 'topic' | 'partition'>;
  readonly log: Logger;
  readonly intervalMs: number;
}

export interface LagMonitor {
  start(): Promise<void>;
  /** Reads the high watermarks and the group's committed offsets and sets the gauge. */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The group's lag per partition as Kafka sees it: high watermark - committed offset (all retained
 * messages when nothing is committed). Read with the admin client, so it keeps moving while the
 * consumer is stopped, paused or stuck in a batch — a fetched batch's own offsetLag only says how
 * far that batch's last message is from the end, and nothing when no batch arrives.
 */
export function createLagMonitor(options: LagMonitorOptions): LagMonitor {
  let admin: Admin | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  /** The admin client, connected on first use (and again after a failed connect). */
  async function client(): Promise<Admin | undefined> {
    if (admin || stopped) return admin;
    const next = options.kafka.admin();
    await next.connect();
    if (stopped) {
      await next.disconnect();
      return undefined;
    }
    return (admin = next);
  }

  async function read(): Promise<void> {
    const kafkaAdmin = await client();
    if (!kafkaAdmin) return;
    const physical = [...options.topics.keys()];
    const committed = await kafkaAdmin.fetchOffsets({ groupId: options.groupId, topics: physical });
    const committedOf = new Map<string, bigint>();
    for (const t of committed)
      for (const p of t.partitions) committedOf.set(`${t.topic}:${p.partition}`, BigInt(p.offset));
    for (const topic of physical) {
      for (const p of await kafkaAdmin.fetchTopicOffsets(topic)) {
        const high = BigInt(p.high);
        const done = committedOf.get(`${topic}:${p.partition}`) ?? -1n;
        const from = done >= 0n ? done : BigInt(p.low);
        const lag = high > from ? high - from : 0n;
        options.gauge.set(
          {
            domain: options.domain,
            topic: options.topics.get(topic)!,
            partition: String(p.partition),
          },
          Number(lag),
        );
      }
    }
  }

  const refresh = () => (running ??= read().finally(() => (running = undefined)));
  const refreshLogged = () =>
    void refresh().catch((error: unknown) =>
      options.log.warn({ err: error }, 'lag refresh failed'),
    );

  return {
    /** Starts the periodic refresh; the first one runs in the background (start does not wait). */
    async start() {
      stopped = false;
      refreshLogged();
      timer = setInterval(refreshLogged, options.intervalMs);
      timer.unref();
      return Promise.resolve();
    },
    refresh,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
      await admin?.disconnect();
      admin = undefined;
    },
  };
}
