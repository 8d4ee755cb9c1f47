import type { EventOf, TopicName } from '@city/contracts';
import type { EventSink } from './sink.js';

/** What the runner calls to release a tick's events over the tick (runner.ts). */
export interface TickSpreader {
  /** Releases the events of the last tick due by `fraction` (0..1) of the tick's wall time. */
  release(fraction: number): void;
  /** Releases everything still held (the next tick starts, or the run ends). */
  releaseAll(): void;
}

/**
 * Holds each tick's events and passes them on over the tick's wall time, in the order the
 * simulation made them. The simulation steps every vehicle in one tick, so without this a fleet
 * reporting once a second reached Kafka as one burst a second — devices report at their own
 * phases, and a burst of N events is N/0.1 s for a tenth of a second to every consumer. A vehicle
 * keeps its place in the fleet's order, so its reports stay one interval apart.
 */
export class SpreadSink implements EventSink, TickSpreader {
  private held: { topic: TopicName; event: EventOf<TopicName> }[] = [];
  private released = 0;

  constructor(private readonly inner: EventSink) {}

  emit<T extends TopicName>(topic: T, event: EventOf<T>): void {
    this.held.push({ topic, event });
  }

  release(fraction: number): void {
    const due = Math.min(this.held.length, Math.ceil(this.held.length * Math.max(0, fraction)));
    for (; this.released < due; this.released++) {
      const { topic, event } = this.held[this.released]!;
      this.inner.emit(topic, event);
    }
  }

  releaseAll(): void {
    this.release(1);
    this.held = [];
    this.released = 0;
  }
}
