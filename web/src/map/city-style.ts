import { ROAD_STYLE, matchColour } from './palette.js';

export type Theme = 'light' | 'dark';

/**
 * The base style: only local GeoJSON sources (streets and neighbourhoods from data/city), no
 * glyphs, sprites or remote tiles, so maplibre-gl makes no request off this machine. Identical for
 * mapbox-gl (same style spec).
 */
export function cityStyle(theme: Theme, origin: string) {
  const dark = theme === 'dark';
  const roadColour: Record<string, string> = Object.fromEntries(
    Object.entries(ROAD_STYLE).map(([k, v]) => [k, dark ? v.dark : v.colour]),
  );
  const roadWidth = [
    'match',
    ['get', 'c'],
    ...Object.entries(ROAD_STYLE).flatMap(([k, v]) => [k, v.width]),
    1,
  ];
  return {
    version: 8 as const,
    name: `city-${theme}`,
    sources: {
      streets: {
        type: 'geojson' as const,
        data: `${origin}/city/streets.geojson`,
        attribution:
          '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">© OpenStreetMap contributors</a>',
      },
      neighbourhoods: { type: 'geojson' as const, data: `${origin}/city/neighbourhoods.geojson` },
    },
    layers: [
      {
        id: 'background',
        type: 'background' as const,
        paint: { 'background-color': dark ? '#14161a' : '#eef0ea' },
      },
      {
        id: 'neighbourhood-fill',
        type: 'fill' as const,
        source: 'neighbourhoods',
        paint: { 'fill-color': dark ? '#1c2026' : '#e3e8dc', 'fill-opacity': 0.6 },
      },
      {
        id: 'neighbourhood-line',
        type: 'line' as const,
        source: 'neighbourhoods',
        paint: {
          'line-color': dark ? '#3a4250' : '#9aa58c',
          'line-width': 1,
          'line-dasharray': [3, 2],
        },
      },
      {
        id: 'streets-casing',
        type: 'line' as const,
        source: 'streets',
        layout: { 'line-cap': 'round' as const, 'line-join': 'round' as const },
        paint: {
          'line-color': dark ? '#000000' : '#b8bcb4',
          'line-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            12,
            ['*', roadWidth, 0.6],
            17,
            ['*', roadWidth, 4],
          ],
        },
      },
      {
        id: 'streets',
        type: 'line' as const,
        source: 'streets',
        layout: { 'line-cap': 'round' as const, 'line-join': 'round' as const },
        paint: {
          'line-color': matchColour(['get', 'c'], roadColour, roadColour.service!),
          'line-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            12,
            ['*', roadWidth, 0.4],
            17,
            ['*', roadWidth, 3],
          ],
        },
      },
    ],
  };
}
export type CityStyle = ReturnType<typeof cityStyle>;

/** The part of a map the theme switch needs (maplibre-gl and mapbox-gl both have it). */
export interface PaintableMap {
  getLayer(id: string): unknown;
  setPaintProperty(layer: string, property: string, value: unknown): unknown;
}

/**
 * Switches a map built from `cityStyle` to `theme` in place: only the base layers' paint changes,
 * so the loaded sources, the live layers and the camera stay (rebuilding the map reloaded the
 * streets and reset the view).
 */
export function applyCityTheme(map: PaintableMap, theme: Theme, origin: string): void {
  for (const layer of cityStyle(theme, origin).layers) {
    if (!map.getLayer(layer.id)) continue;
    for (const [property, value] of Object.entries(layer.paint ?? {}))
      map.setPaintProperty(layer.id, property, value);
  }
}
