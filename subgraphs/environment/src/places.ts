import { DEFAULT_CITY_DATA_DIR, pointAlongSegment, type RoadNetwork } from '@city/roadgraph';
import { loadNeighbourhoodZones } from '@city/processor/domains/vehicles/load-zones.js';
import { pointInZone, type Zone } from '@city/processor/domains/vehicles/zone-index.js';

export interface Place {
  readonly lon: number;
  readonly lat: number;
}

export interface NeighbourhoodArea {
  readonly zone: Zone;
  /** Centroid of the outer rings' vertices (a representative point for "nearest station"). */
  readonly centre: Place;
}

export interface Places {
  segmentMidpoint(id: string): Place | null;
  neighbourhood(id: string): NeighbourhoodArea | null;
  contains(area: NeighbourhoodArea, p: Place): boolean;
}

/** Where segments and neighbourhoods are, for "air quality at a place". */
export function createPlaces(network: RoadNetwork, cityDataDir = DEFAULT_CITY_DATA_DIR): Places {
  const areas = new Map<string, NeighbourhoodArea>();
  for (const zone of loadNeighbourhoodZones(cityDataDir)) {
    let lon = 0;
    let lat = 0;
    let count = 0;
    for (const rings of zone.polygons)
      for (const [x, y] of rings[0] ?? []) {
        lon += x;
        lat += y;
        count++;
      }
    areas.set(zone.id, { zone, centre: { lon: lon / count, lat: lat / count } });
  }
  return {
    segmentMidpoint(id) {
      const n = /^\d+$/.test(id) ? Number(id) : -1;
      const s = network.segments[n];
      if (!s) return null;
      const p = pointAlongSegment(s, s.lengthM / 2);
      return { lon: p.lon, lat: p.lat };
    },
    neighbourhood: (id) => areas.get(id) ?? null,
    contains: (area, p) => pointInZone(p.lon, p.lat, area.zone),
  };
}
