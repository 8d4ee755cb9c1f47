import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Zone } from './zone-index.js';

type Ring = [number, number][];
interface Geometry {
  type: string;
  coordinates: unknown;
}

/** Polygon or MultiPolygon GeoJSON geometry as a list of polygons; null for anything else. */
export function polygonsOf(geometry: Geometry | null | undefined): Ring[][] | null {
  if (!geometry) return null;
  if (geometry.type === 'Polygon') return [geometry.coordinates as Ring[]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as Ring[][];
  return null;
}

/** A zone id the contracts accept (`[A-Za-z0-9._:-]`): `nbhd:castro-upper-market`. */
export function neighbourhoodZoneId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `nbhd:${slug}`.slice(0, 64);
}

/** The city's analysis neighbourhoods from `sf_neighborhoods_analysis.geojson`. */
export function loadNeighbourhoodZones(cityDataDir: string): Zone[] {
  const path = join(cityDataDir, 'sf_neighborhoods_analysis.geojson');
  const collection = JSON.parse(readFileSync(path, 'utf8')) as {
    features: { geometry: Geometry; properties: { nhood?: string } }[];
  };
  return collection.features.flatMap((f) => {
    const polygons = polygonsOf(f.geometry);
    const name = f.properties.nhood;
    if (!polygons || !name) return [];
    return [{ id: neighbourhoodZoneId(name), kind: 'neighborhood' as const, name, polygons }];
  });
}

/** The part of PrismaClient this needs. */
export interface ZoneQuery {
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
}

/** Operator-drawn zones from the `zones` table (neighbourhoods come from the city data). */
export async function loadOperatorZones(db: ZoneQuery): Promise<Zone[]> {
  const rows = await db.$queryRawUnsafe<{ id: string; name: string; polygon: unknown }[]>(
    `SELECT id, name, polygon FROM zones WHERE kind = 'operator'`,
  );
  return rows.flatMap((row) => {
    const geometry = (
      typeof row.polygon === 'string' ? JSON.parse(row.polygon) : row.polygon
    ) as Geometry;
    const polygons = polygonsOf(geometry);
    return polygons ? [{ id: row.id, kind: 'operator' as const, name: row.name, polygons }] : [];
  });
}
