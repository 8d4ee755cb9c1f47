import type { SubgraphContext } from '@city/subgraph-kit';
import type { CongestionTracker } from '../congestion-tracker.js';
import type { SegmentCatalog } from '../segment-catalog.js';
import type { RawQuery } from '../speed-history.js';
import type { TrafficStore } from '../traffic-store.js';

export interface TrafficDeps {
  readonly catalog: SegmentCatalog;
  readonly store: TrafficStore;
  readonly db: RawQuery;
  /** Congestion level transitions from the change feed (subscriptions). */
  readonly congestion: CongestionTracker;
}

export type TrafficContext = SubgraphContext<TrafficDeps>;
