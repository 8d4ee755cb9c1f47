import type { RoadNetwork } from '@city/roadgraph';
import type { ChangeFeedSubscriber, SubgraphContext } from '@city/subgraph-kit';
import type { ZoneIndex } from '@city/processor/domains/vehicles/zone-index.js';
import type { DispatchPlanner } from '../dispatch-planner.js';
import type { IncidentCommands } from '../incident-commands.js';
import type { IncidentHistory } from '../incident-history.js';
import type { IncidentStore } from '../incident-store.js';
import type { UnitStore } from '../unit-store.js';
import type { ZoneCommands } from '../zone-commands.js';

export interface EmergenciesDeps {
  readonly incidents: IncidentStore;
  /** Active incident counts at past instants (CitySummary.history). */
  readonly history: IncidentHistory;
  readonly units: UnitStore;
  readonly planner: DispatchPlanner;
  readonly commands: IncidentCommands;
  readonly zones: ZoneCommands;
  readonly neighbourhoods: ZoneIndex;
  readonly network: RoadNetwork;
  /** The process's change-feed subscriber and the emergencies channel (subscriptions). */
  readonly feed: ChangeFeedSubscriber;
  readonly feedChannel: string;
}

export type EmergenciesContext = SubgraphContext<EmergenciesDeps>;
