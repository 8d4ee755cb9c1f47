import { readFileSync } from 'node:fs';
import {
  DEFAULT_CITY_DATA_DIR,
  largestStronglyConnectedComponent,
  loadRoadNetwork,
  RoadGraph,
  SegmentIndex,
  type RoadNetwork,
  type RoutingProfile,
} from '@city/roadgraph';

export interface Neighbourhood {
  readonly name: string;
  /** Outer rings only (holes are ignored): [lon, lat][] each. */
  readonly rings: readonly (readonly [number, number])[][];
}

export type BaseKind = 'fire_station' | 'police' | 'hospital';

export interface EmergencyBase {
  readonly id: string;
  readonly kind: BaseKind;
  readonly name: string;
  readonly lon: number;
  readonly lat: number;
  /** `osm` from sf_emergency_pois.geojson; `approximate` are added plausible SF locations. */
  readonly origin: 'osm' | 'approximate';
}

export interface RoutingView {
  readonly graph: RoadGraph;
  /** Nodes of the largest strongly connected component: safe origins and destinations. */
  readonly core: Int32Array;
  readonly inCore: Uint8Array;
}

/** Everything static the simulation needs, loaded once. */
export interface City {
  readonly network: RoadNetwork;
  readonly views: Readonly<Record<RoutingProfile, RoutingView>>;
  readonly index: SegmentIndex;
  readonly neighbourhoods: readonly Neighbourhood[];
  readonly bases: readonly EmergencyBase[];
  readonly bbox: readonly [number, number, number, number];
}

/**
 * Real SF stations not in the OSM point extract (most are mapped as building polygons there).
 * Positions are approximate street addresses, enough to place units plausibly.
 */
const EXTRA_BASES: readonly Omit<EmergencyBase, 'origin'>[] = [
  {
    id: 'sffd-1',
    kind: 'fire_station',
    name: 'SFFD Station 1 (935 Folsom St)',
    lon: -122.4047,
    lat: 37.7795,
  },
  {
    id: 'sffd-2',
    kind: 'fire_station',
    name: 'SFFD Station 2 (1340 Powell St)',
    lon: -122.4103,
    lat: 37.7972,
  },
  {
    id: 'sffd-3',
    kind: 'fire_station',
    name: 'SFFD Station 3 (1067 Post St)',
    lon: -122.4198,
    lat: 37.7866,
  },
  {
    id: 'sffd-7',
    kind: 'fire_station',
    name: 'SFFD Station 7 (2300 Folsom St)',
    lon: -122.4146,
    lat: 37.7608,
  },
  {
    id: 'sffd-8',
    kind: 'fire_station',
    name: 'SFFD Station 8 (36 Bluxome St)',
    lon: -122.3966,
    lat: 37.7762,
  },
  {
    id: 'sffd-13',
    kind: 'fire_station',
    name: 'SFFD Station 13 (530 Sansome St)',
    lon: -122.4013,
    lat: 37.7952,
  },
  {
    id: 'sffd-36',
    kind: 'fire_station',
    name: 'SFFD Station 36 (109 Oak St)',
    lon: -122.4213,
    lat: 37.775,
  },
  {
    id: 'sffd-29',
    kind: 'fire_station',
    name: 'SFFD Station 29 (299 Vermont St)',
    lon: -122.4043,
    lat: 37.7658,
  },
  {
    id: 'hosp-zsfg',
    kind: 'hospital',
    name: 'Zuckerberg SF General Hospital',
    lon: -122.4056,
    lat: 37.7557,
  },
  {
    id: 'hosp-cpmc-vn',
    kind: 'hospital',
    name: 'CPMC Van Ness Campus',
    lon: -122.4215,
    lat: 37.7862,
  },
  {
    id: 'hosp-stfrancis',
    kind: 'hospital',
    name: 'Saint Francis Memorial Hospital',
    lon: -122.4163,
    lat: 37.7894,
  },
  {
    id: 'sfpd-central',
    kind: 'police',
    name: 'SFPD Central Station (766 Vallejo St)',
    lon: -122.4097,
    lat: 37.7985,
  },
  {
    id: 'sfpd-mission',
    kind: 'police',
    name: 'SFPD Mission Station (630 Valencia St)',
    lon: -122.4219,
    lat: 37.763,
  },
  {
    id: 'sfpd-tenderloin',
    kind: 'police',
    name: 'SFPD Tenderloin Station (301 Eddy St)',
    lon: -122.4127,
    lat: 37.7837,
  },
  {
    id: 'sfpd-northern',
    kind: 'police',
    name: 'SFPD Northern Station (1125 Fillmore St)',
    lon: -122.4321,
    lat: 37.7801,
  },
];

interface GeoJsonFeature {
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

function readFeatures(path: string): GeoJsonFeature[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { features: GeoJsonFeature[] }).features;
}

export function loadNeighbourhoods(dir: string): Neighbourhood[] {
  return readFeatures(`${dir}sf_neighborhoods_analysis.geojson`).map((f) => {
    const polygons =
      f.geometry.type === 'MultiPolygon'
        ? (f.geometry.coordinates as [number, number][][][])
        : [f.geometry.coordinates as [number, number][][]];
    return { name: String(f.properties.nhood), rings: polygons.map((p) => p[0]!) };
  });
}

export function loadBases(dir: string): EmergencyBase[] {
  const osm = readFeatures(`${dir}sf_emergency_pois.geojson`).map((f): EmergencyBase => {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const kind = f.properties.kind as BaseKind;
    const name =
      (f.properties.name as string | null) ??
      `${String(f.properties.operator ?? 'Unnamed')} ${kind}`;
    return { id: `osm-${String(f.properties.osm_id)}`, kind, name, lon, lat, origin: 'osm' };
  });
  return [...osm, ...EXTRA_BASES.map((b) => ({ ...b, origin: 'approximate' as const }))];
}

function view(network: RoadNetwork, profile: RoutingProfile): RoutingView {
  const graph = new RoadGraph(network, profile);
  const core = largestStronglyConnectedComponent(graph);
  const inCore = new Uint8Array(graph.nodeCount);
  for (const n of core) inCore[n] = 1;
  return { graph, core, inCore };
}

let cached: City | undefined;

/** Loads the city data (cached per process: tests and tools build many simulations). */
export function loadCity(dir: string = DEFAULT_CITY_DATA_DIR): City {
  if (cached && dir === DEFAULT_CITY_DATA_DIR) return cached;
  const base = dir.endsWith('/') ? dir : `${dir}/`;
  const network = loadRoadNetwork(base);
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const n of network.nodes) {
    minLon = Math.min(minLon, n.lon);
    maxLon = Math.max(maxLon, n.lon);
    minLat = Math.min(minLat, n.lat);
    maxLat = Math.max(maxLat, n.lat);
  }
  const city: City = {
    network,
    views: {
      car: view(network, 'car'),
      bus: view(network, 'bus'),
      emergency: view(network, 'emergency'),
    },
    index: new SegmentIndex(network),
    neighbourhoods: loadNeighbourhoods(base),
    bases: loadBases(base),
    bbox: [minLon, minLat, maxLon, maxLat],
  };
  if (dir === DEFAULT_CITY_DATA_DIR) cached = city;
  return city;
}
