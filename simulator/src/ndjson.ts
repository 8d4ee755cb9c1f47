import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { isTopicName, type EventOf, type TopicName } from '@city/contracts';
import { ValidationError } from '@city/errors';
import type { EventSink, RecordedEvent } from './sink.js';

/** Writes one `{"topic":…,"event":…}` line per event. */
export class NdjsonRecorder implements EventSink {
  private readonly out: WriteStream;
  private chunk: string[] = [];

  constructor(path: string) {
    this.out = createWriteStream(path, { flags: 'w' });
  }

  emit<T extends TopicName>(topic: T, event: EventOf<T>): void {
    this.chunk.push(JSON.stringify({ topic, event }));
    if (this.chunk.length >= 1000) this.flush();
  }

  flush(): void {
    if (this.chunk.length === 0) return;
    this.out.write(`${this.chunk.join('\n')}\n`);
    this.chunk = [];
  }

  async close(): Promise<void> {
    this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

export async function* readRecording(path: string): AsyncGenerator<RecordedEvent> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line) as { topic?: unknown; event?: unknown };
    if (
      typeof parsed.topic !== 'string' ||
      !isTopicName(parsed.topic) ||
      typeof parsed.event !== 'object'
    ) {
      throw new ValidationError(`${path} line ${n}`, [
        { path: '/topic', message: 'is not a known topic' },
      ]);
    }
    yield { topic: parsed.topic, event: parsed.event as EventOf<TopicName> };
  }
}

export interface ReplayOptions {
  /** 1 = original pace, 10 = ten times faster, Infinity = as fast as possible. */
  readonly speed: number;
  readonly shouldStop?: () => boolean;
  /** Called between events when the sink may need a breather (Kafka backpressure). */
  readonly pace?: () => Promise<void>;
  readonly nowMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Re-emits a recording, keeping the gaps between event timestamps (divided by `speed`). */
export async function replay(
  path: string,
  sink: EventSink,
  options: ReplayOptions,
): Promise<number> {
  const now = options.nowMs ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let firstEventMs: number | undefined;
  const wallStart = now();
  let count = 0;
  for await (const { topic, event } of readRecording(path)) {
    if (options.shouldStop?.()) break;
    const t = Date.parse((event as { timestamp: string }).timestamp);
    firstEventMs ??= t;
    if (Number.isFinite(options.speed)) {
      const dueWall = wallStart + (t - firstEventMs) / options.speed;
      const wait = dueWall - now();
      if (wait > 5) await sleep(wait);
    }
    sink.emit(topic, event);
    if (++count % 1000 === 0) await options.pace?.();
  }
  return count;
}
