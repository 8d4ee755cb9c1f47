import type { ExpressionSpecification } from 'maplibre-gl';
import { ROAD_STYLE, matchColour } from './palette.js';

export type Theme = 'light' | 'dark';

/**
 * Round caps and joins from zoom 15, where streets are wide enough to show them. Below it they
 * multiplied the geometry of 11,493 streets for little (measured, SwiftShader 1024×700: a frame
 * 233 → 133 ms with butt caps and miter joins); the cost is small notches where two street
 * features meet at an angle on the widest roads (≤ 5 px wide at zoom 14).
 */
export const LINE_ENDS: {
  'line-cap': ExpressionSpecification;
  'line-join': ExpressionSpecification;
} = {
  'line-cap': ['step', ['zoom'], 'butt', 15, 'round'],
  'line-join': ['step', ['zoom'], 'miter', 15, 'round'],
};
/** Streets cased at every zoom; the minor ones get their casing from MINOR_CASING_MINZOOM. */
const MAJOR_ROADS = ['motorway', 'primary', 'secondary', 'tertiary'] as const;
const MINOR_ROADS = ['residential', 'service'] as const;
/**
 * Below this the casing of a minor street shows under a pixel beside it (~0.3 px a side at zoom
 * 13.2): drawing it costs frame time and shows almost nothing.
 */
const MINOR_CASING_MINZOOM = 14;

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
  /** A street's width by zoom: its class width times `at12` at zoom 12, `at17` at 17. */
  const widthByZoom = (at12: number, at17: number) => [
    'interpolate',
    ['linear'],
    ['zoom'],
    12,
    ['*', roadWidth, at12],
    17,
    ['*', roadWidth, at17],
  ];
  const casing = (id: string, classes: readonly string[], minzoom: number) => ({
    id,
    type: 'line' as const,
    source: 'streets',
    minzoom,
    filter: ['match', ['get', 'c'], [...classes], true, false],
    layout: LINE_ENDS,
    paint: {
      'line-color': dark ? '#000000' : '#b8bcb4',
      'line-width': widthByZoom(0.6, 4),
    },
  });
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
      casing('streets-casing', MAJOR_ROADS, 0),
      casing('streets-casing-minor', MINOR_ROADS, MINOR_CASING_MINZOOM),
      {
        id: 'streets',
        type: 'line' as const,
        source: 'streets',
        layout: LINE_ENDS,
        paint: {
          'line-color': matchColour(['get', 'c'], roadColour, roadColour.service!),
          'line-width': widthByZoom(0.4, 3),
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
