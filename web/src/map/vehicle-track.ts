import type { FeatureCollection, LineString } from 'geojson';

/** The selected vehicle's track as GeoJSON: one line when it has two points or more. */
export function trackLine(
  points: readonly (readonly [number, number])[],
): FeatureCollection<LineString> {
  return {
    type: 'FeatureCollection',
    features:
      points.length < 2
        ? []
        : [
            {
              type: 'Feature',
              properties: {},
              geometry: { type: 'LineString', coordinates: points.map(([lon, lat]) => [lon, lat]) },
            },
          ],
  };
}
