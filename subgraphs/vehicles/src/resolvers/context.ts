import type { ChangeFeedSubscriber, SubgraphContext } from '@city/subgraph-kit';
import type { NeighborhoodRecord } from '../neighborhoods.js';
import type { TrackReader } from '../track-reader.js';
import type { VehicleHistory } from '../vehicle-history.js';
import type { VehicleStore } from '../vehicle-store.js';

export interface VehiclesDeps {
  readonly store: VehicleStore;
  readonly tracks: TrackReader;
  /** Per-minute active-vehicle samples from PostgreSQL (CitySummary.history). */
  readonly history: VehicleHistory;
  readonly neighborhoods: ReadonlyMap<string, NeighborhoodRecord>;
  /** The process's change-feed subscriber and the vehicles channel (subscriptions). */
  readonly feed: ChangeFeedSubscriber;
  readonly feedChannel: string;
}

export type VehiclesContext = SubgraphContext<VehiclesDeps>;
