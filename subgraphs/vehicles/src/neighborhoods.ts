import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CITY_DATA_DIR } from '@city/roadgraph';
import { neighbourhoodZoneId } from '@city/processor/domains/vehicles/load-zones.js';

export interface NeighborhoodRecord {
  readonly id: string;
  readonly name: string;
}

/** The analysis neighbourhoods, with the zone ids the processor uses for their membership sets. */
export function loadNeighborhoods(
  cityDataDir: string = DEFAULT_CITY_DATA_DIR,
): NeighborhoodRecord[] {
  const collection = JSON.parse(
    readFileSync(join(cityDataDir, 'sf_neighborhoods_analysis.geojson'), 'utf8'),
  ) as { features: { properties: { nhood?: string } }[] };
  const out: NeighborhoodRecord[] = [];
  for (const f of collection.features) {
    const name = f.properties.nhood;
    if (name) out.push({ id: neighbourhoodZoneId(name), name });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
