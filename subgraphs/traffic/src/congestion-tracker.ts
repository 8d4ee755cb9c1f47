import type { ChangeFeedSubscriber } from '@city/subgraph-kit';
import { congestionLevelOf, type CongestionLevel } from './live-traffic.js';

export interface CongestionChange {
  readonly segmentId: number;
  readonly level: CongestionLevel | null;
  readonly previousLevel: CongestionLevel | null;
  readonly producedAt: number;
}

export interface CongestionTracker {
  /** Calls `listener` for every level change; returns the unsubscribe function. */
  listen(listener: (change: CongestionChange) => void): () => void;
}

/**
 * Turns the traffic change feed's RoadSegment updates into level transitions, once per process
 * for all subscriptions: the last level per segment is kept in memory (every subgraph instance
 * sees the whole feed, so instances agree once they have seen a segment's update).
 */
export function createCongestionTracker(
  feed: ChangeFeedSubscriber,
  channel: string,
): CongestionTracker {
  const levels = new Map<number, CongestionLevel | null>();
  const listeners = new Set<(change: CongestionChange) => void>();
  let stopFeed: (() => void) | null = null;

  function onChange(change: {
    entity: string;
    id: string;
    data?: Readonly<Record<string, unknown>>;
    produceTime: number;
  }) {
    if (change.entity !== 'RoadSegment' || !change.data || !('los' in change.data)) return;
    const segmentId = Number(change.id);
    const level = congestionLevelOf(typeof change.data.los === 'string' ? change.data.los : null);
    const known = levels.has(segmentId);
    const previousLevel = levels.get(segmentId) ?? null;
    if (known && previousLevel === level) return;
    levels.set(segmentId, level);
    const event = { segmentId, level, previousLevel, producedAt: change.produceTime };
    for (const l of listeners) l(event);
  }

  return {
    listen(listener) {
      listeners.add(listener);
      // Tracking starts with the first subscription and then stays on (levels stay known).
      stopFeed ??= feed.listen(channel, onChange);
      return () => listeners.delete(listener);
    },
  };
}
