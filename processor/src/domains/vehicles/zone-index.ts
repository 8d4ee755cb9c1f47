import { pointInPolygon, pointInRing } from '@city/roadgraph';

/** A polygon zone: rings of [lon, lat]; the first ring of each polygon is the outer boundary. */
export interface Zone {
  readonly id: string;
  readonly kind: 'neighborhood' | 'operator';
  readonly name: string;
  /** MultiPolygon coordinates: polygons -> rings -> [lon, lat] points. */
  readonly polygons: readonly (readonly (readonly (readonly [number, number])[])[])[];
}

interface IndexedZone {
  readonly zone: Zone;
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}

export { pointInRing };

export function pointInZone(lon: number, lat: number, zone: Zone): boolean {
  return zone.polygons.some((rings) => pointInPolygon(lon, lat, rings));
}

/** Zones with bounding boxes for a cheap first test; `replace` swaps them (operator edits). */
export class ZoneIndex {
  private zones: IndexedZone[] = [];

  constructor(zones: readonly Zone[] = []) {
    this.replace(zones);
  }

  replace(zones: readonly Zone[]): void {
    this.zones = zones.map((zone) => {
      let minLon = Infinity;
      let minLat = Infinity;
      let maxLon = -Infinity;
      let maxLat = -Infinity;
      for (const rings of zone.polygons)
        for (const [lon, lat] of rings[0] ?? []) {
          minLon = Math.min(minLon, lon);
          maxLon = Math.max(maxLon, lon);
          minLat = Math.min(minLat, lat);
          maxLat = Math.max(maxLat, lat);
        }
      return { zone, minLon, minLat, maxLon, maxLat };
    });
  }

  get size(): number {
    return this.zones.length;
  }

  get(id: string): Zone | undefined {
    return this.zones.find((z) => z.zone.id === id)?.zone;
  }

  /** Ids of the zones containing the point, sorted. */
  containing(lon: number, lat: number): string[] {
    const ids: string[] = [];
    for (const z of this.zones) {
      if (lon < z.minLon || lon > z.maxLon || lat < z.minLat || lat > z.maxLat) continue;
      if (pointInZone(lon, lat, z.zone)) ids.push(z.zone.id);
    }
    return ids.sort();
  }
}
