import type { Feature, FeatureCollection, LineString, Polygon, MultiPolygon } from 'geojson';
import { roadClassOf } from './road-class.js';

const round = (v: number) => Math.round(v * 1e5) / 1e5;
const roundRing = (ring: number[][]) => ring.map((p) => [round(p[0]!), round(p[1]!)]);

interface SourceCollection {
  features: {
    geometry: { type: string; coordinates: unknown };
    properties: Record<string, unknown>;
  }[];
}

/** Street segments with the feature id = the contracts' segmentId, so live data joins by id. */
export function compactStreets(source: unknown): FeatureCollection<LineString> {
  const features = (source as SourceCollection).features.map((f): Feature<LineString> => ({
    type: 'Feature',
    id: Number(f.properties.seg_id),
    geometry: { type: 'LineString', coordinates: roundRing(f.geometry.coordinates as number[][]) },
    properties: {
      c: roadClassOf(f.properties.highway as string | null),
      n: (f.properties.name as string | null) ?? '',
    },
  }));
  return { type: 'FeatureCollection', features };
}

export function compactNeighbourhoods(source: unknown): FeatureCollection<Polygon | MultiPolygon> {
  const features = (source as SourceCollection).features.map(
    (f, i): Feature<Polygon | MultiPolygon> => {
      const g = f.geometry;
      const geometry =
        g.type === 'Polygon'
          ? {
              type: 'Polygon' as const,
              coordinates: (g.coordinates as number[][][]).map(roundRing),
            }
          : {
              type: 'MultiPolygon' as const,
              coordinates: (g.coordinates as number[][][][]).map((p) => p.map(roundRing)),
            };
      return { type: 'Feature', id: i, geometry, properties: { name: f.properties.nhood } };
    },
  );
  return { type: 'FeatureCollection', features };
}
