import type { SubgraphContext } from '@city/subgraph-kit';
import type { SegmentCatalog } from '../segment-catalog.js';
import type { RawQuery } from '../speed-history.js';
import type { TrafficStore } from '../traffic-store.js';

export interface TrafficDeps {
  readonly catalog: SegmentCatalog;
  readonly store: TrafficStore;
  readonly db: RawQuery;
}

export type TrafficContext = SubgraphContext<TrafficDeps>;
