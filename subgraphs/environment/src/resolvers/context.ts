import type { ChangeFeedSubscriber, SubgraphContext } from '@city/subgraph-kit';
import type { HistoryStore } from '../history-store.js';
import type { Places } from '../places.js';
import type { StationStore } from '../station-store.js';

export interface EnvironmentDeps {
  readonly stations: StationStore;
  readonly history: HistoryStore;
  readonly places: Places;
  /** The process's change-feed subscriber and the environment channel (subscriptions). */
  readonly feed: ChangeFeedSubscriber;
  readonly feedChannel: string;
}

export type EnvironmentContext = SubgraphContext<EnvironmentDeps>;
