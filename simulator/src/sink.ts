import type { EventOf, TopicName } from '@city/contracts';

/** Where the simulation's events go: Kafka, an NDJSON recording, a test array, or several. */
export interface EventSink {
  emit<T extends TopicName>(topic: T, event: EventOf<T>): void;
}

export interface RecordedEvent {
  readonly topic: TopicName;
  readonly event: EventOf<TopicName>;
}

/** Keeps events in memory; for tests and tools. */
export class ArraySink implements EventSink {
  readonly events: RecordedEvent[] = [];

  emit<T extends TopicName>(topic: T, event: EventOf<T>): void {
    this.events.push({ topic, event });
  }

  of<T extends TopicName>(topic: T): EventOf<T>[] {
    return this.events.filter((e) => e.topic === topic).map((e) => e.event as EventOf<T>);
  }
}

export class FanOutSink implements EventSink {
  constructor(private readonly sinks: readonly EventSink[]) {}

  emit<T extends TopicName>(topic: T, event: EventOf<T>): void {
    for (const sink of this.sinks) sink.emit(topic, event);
  }
}

/** Counts events per topic; the status line reads it. */
export class CountingSink implements EventSink {
  readonly counts = new Map<TopicName, number>();
  total = 0;

  emit<T extends TopicName>(topic: T): void {
    this.counts.set(topic, (this.counts.get(topic) ?? 0) + 1);
    this.total++;
  }
}
