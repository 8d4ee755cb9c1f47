import type { Map as MaplibreMap, StyleSpecification } from 'maplibre-gl';
import type { CityStyle } from './city-style.js';

export type MapEngine = 'maplibre' | 'mapbox';
/** maplibre-gl's Map type; mapbox-gl v3 has the same surface for what the console uses. */
export type CityMapInstance = MaplibreMap;

export const SF_CENTER: [number, number] = [-122.414, 37.781];

/**
 * mapbox-gl when a token is configured, otherwise maplibre-gl (no token, no request off the
 * machine). Each is loaded only when chosen.
 */
export async function createCityMap(
  container: HTMLElement,
  style: CityStyle,
  mapboxToken: string | null,
): Promise<{ map: CityMapInstance; engine: MapEngine }> {
  const common = {
    container,
    center: SF_CENTER,
    zoom: 13.2,
    minZoom: 10,
    maxZoom: 19,
    attributionControl: false as const,
    // Live symbols (vehicle arrows) appear and go at once: a fade animates several more frames
    // after every batch, which is what a software-rendered map cannot afford.
    fadeDuration: 0,
  };
  if (mapboxToken) {
    const [{ default: mapboxgl }] = await Promise.all([
      import('mapbox-gl'),
      import('mapbox-gl/dist/mapbox-gl.css'),
    ]);
    mapboxgl.accessToken = mapboxToken;
    const map = new mapboxgl.Map({ ...common, style: style as never, preserveDrawingBuffer: true });
    map.addControl(new mapboxgl.AttributionControl({ compact: false }), 'bottom-right');
    map.addControl(new mapboxgl.NavigationControl(), 'top-right');
    return { map: map as unknown as CityMapInstance, engine: 'mapbox' };
  }
  const [maplibregl, { default: workerUrl }] = await Promise.all([
    import('maplibre-gl'),
    import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
    import('maplibre-gl/dist/maplibre-gl.css'),
  ]);
  maplibregl.setWorkerUrl(workerUrl);
  const map = new maplibregl.Map({
    ...common,
    style: style as unknown as StyleSpecification,
    // Lets tests and the benchmark read canvas pixels.
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
  map.addControl(new maplibregl.NavigationControl(), 'top-right');
  return { map, engine: 'maplibre' };
}
