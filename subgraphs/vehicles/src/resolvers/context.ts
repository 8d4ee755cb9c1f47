import type { SubgraphContext } from '@city/subgraph-kit';
import type { NeighborhoodRecord } from '../neighborhoods.js';
import type { TrackReader } from '../track-reader.js';
import type { VehicleStore } from '../vehicle-store.js';

export interface VehiclesDeps {
  readonly store: VehicleStore;
  readonly tracks: TrackReader;
  readonly neighborhoods: ReadonlyMap<string, NeighborhoodRecord>;
}

export type VehiclesContext = SubgraphContext<VehiclesDeps>;
