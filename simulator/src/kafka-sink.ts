import { encodeEvent, messageKey, type EventOf, type TopicName } from '@city/contracts';
import { RetriableError } from '@city/errors';
import type { CompressionTypes, Message, Producer } from 'kafkajs';
import type { EventSink } from './sink.js';

export interface KafkaSinkOptions {
  readonly producer: Producer;
  /** Logical topic -> Kafka topic name (prefix for tests and parallel runs). */
  readonly topicName: (topic: TopicName) => string;
  readonly compression: CompressionTypes;
  /** Messages per sendBatch call (over all topics). */
  readonly batchSize: number;
  /** sendBatch calls in flight at once; emitters wait (`waitForCapacity`) beyond that. */
  readonly maxInFlight: number;
  /** Validate every event against its contract (encodeEvent); otherwise only serialise. */
  readonly validate: boolean;
  readonly acks?: number;
  /**
   * How long a batch is retried (with backoff, beyond kafkajs' own retries) before the failure is
   * fatal: long enough to ride out a broker restart, as a device buffers while offline.
   */
  readonly retryForMs?: number;
  /** Clock and sleep, injectable for tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY_FOR_MS = 300_000;

/**
 * Batches events per topic and sends them with pipelined `sendBatch` calls: no await per message,
 * several batches in flight, compression per batch. `drain` flushes and waits for every ack.
 */
export class KafkaSink implements EventSink {
  private buffers = new Map<TopicName, Message[]>();
  private buffered = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  readonly acked = new Map<TopicName, number>();
  ackedTotal = 0;
  batches = 0;
  /** Batches sent again after a failed attempt. */
  retries = 0;

  constructor(private readonly options: KafkaSinkOptions) {}

  emit<T extends TopicName>(topic: T, event: EventOf<T>): void {
    const message = this.options.validate
      ? encodeEvent(topic, event)
      : { key: messageKey(topic, event), value: JSON.stringify(event) };
    let list = this.buffers.get(topic);
    if (!list) this.buffers.set(topic, (list = []));
    list.push(message);
    if (++this.buffered >= this.options.batchSize) this.flush();
  }

  /** Starts sending what is buffered (does not wait). */
  flush(): void {
    if (this.buffered === 0) return;
    const buffers = this.buffers;
    this.buffers = new Map();
    this.buffered = 0;
    const topicMessages = [...buffers].map(([topic, messages]) => ({
      topic: this.options.topicName(topic),
      messages,
    }));
    this.batches++;
    const send = this.sendWithRetry(topicMessages)
      .then(() => {
        for (const [topic, messages] of buffers) {
          this.acked.set(topic, (this.acked.get(topic) ?? 0) + messages.length);
          this.ackedTotal += messages.length;
        }
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(send));
    this.inFlight.add(send);
  }

  /**
   * Sends one batch, retrying it while the broker is away. A retried batch may be written twice
   * (at-least-once, as any producer without transactions); event ids make duplicates harmless.
   */
  private async sendWithRetry(
    topicMessages: { topic: string; messages: Message[] }[],
  ): Promise<void> {
    const now = this.options.now ?? Date.now;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    const giveUpAt = now() + (this.options.retryForMs ?? DEFAULT_RETRY_FOR_MS);
    for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5_000)) {
      try {
        await this.options.producer.sendBatch({
          topicMessages,
          compression: this.options.compression,
          acks: this.options.acks ?? -1,
        });
        return;
      } catch (error) {
        if (now() + delayMs > giveUpAt) throw error;
        this.retries++;
        await sleep(delayMs);
      }
    }
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private check(): void {
    if (this.failure !== undefined) {
      const cause = this.failure;
      throw new RetriableError(`producing to Kafka failed: ${(cause as Error).message}`, { cause });
    }
  }

  /** Resolves once fewer than `maxInFlight` batches are in flight; throws if a send failed. */
  async waitForCapacity(): Promise<void> {
    this.check();
    while (this.inFlight.size >= this.options.maxInFlight) {
      await Promise.race(this.inFlight);
      this.check();
    }
  }

  /** Flushes and waits for every in-flight batch. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.check();
  }
}
