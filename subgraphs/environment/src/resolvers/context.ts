import type { ChangeFeedSubscriber, SubgraphContext } from '@city/subgraph-kit';
import type { AirQualityMinutes } from '../air-quality-minutes.js';
import type { HistoryStore } from '../history-store.js';
import type { Places } from '../places.js';
import type { StationStore } from '../station-store.js';

export interface EnvironmentDeps {
  readonly stations: StationStore;
  readonly history: HistoryStore;
  /** City air-quality figures at past minutes (CitySummary.history). */
  readonly airMinutes: AirQualityMinutes;
  readonly places: Places;
  /** The process's change-feed subscriber and the environment channel (subscriptions). */
  readonly feed: ChangeFeedSubscriber;
  readonly feedChannel: string;
}

export type EnvironmentContext = SubgraphContext<EnvironmentDeps>;
