import type { RoadNetwork } from '@city/roadgraph';
import type { ProcessorConfig } from '../config.js';
import type { DomainStage } from '../pipeline/types.js';
import { createEmergenciesStage } from './emergencies/index.js';
import { createEnvironmentStage } from './environment/index.js';
import { createTrafficStage } from './traffic/index.js';
import { createMapMatcher, createVehiclesStage, type ZoneIndex } from './vehicles/index.js';

export interface StageDeps {
  readonly config: Pick<
    ProcessorConfig,
    'vehicleStaleSeconds' | 'speedingTolerancePct' | 'mapMatchMaxDistanceM' | 'hotTtlSeconds'
  >;
  /** The road graph, loaded once at start. */
  readonly network: RoadNetwork;
  /** Neighbourhoods and operator zones (refreshed in place by the caller). */
  readonly zones: ZoneIndex;
}

/** Every domain stage, built once with its injected reference data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createStages(deps: StageDeps): DomainStage<any>[] {
  const matcher = createMapMatcher(deps.network, deps.config.mapMatchMaxDistanceM);
  return [
    createVehiclesStage({
      matcher,
      zones: deps.zones,
      staleSeconds: deps.config.vehicleStaleSeconds,
      speedingTolerancePct: deps.config.speedingTolerancePct,
      hotTtlSeconds: deps.config.hotTtlSeconds,
    }),
    createTrafficStage({ graph: { network: deps.network } }),
    createEnvironmentStage(),
    createEmergenciesStage(),
  ];
}
