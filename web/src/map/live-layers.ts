import type { GeoJSONSource, GeoJSONSourceDiff } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { isActiveIncident, type CityStore, type Incident } from '../data/city-store.js';
import { arrowImage } from './arrow-icon.js';
import { LINE_ENDS } from './city-style.js';
import { diffPoints, isEmptyDiff, toFeature, type PointRecord } from './feature-diff.js';
import type { CityMapInstance, MapEngine } from './map-engine.js';
import { createRenderBudget, type RenderBudget } from './render-budget.js';
import { bindVehicleMotion, vehicleRecords } from './vehicle-layer.js';
import { trackLine } from './vehicle-track.js';
import {
  AQI_COLOURS,
  CONGESTION_COLOURS,
  SEVERITY_COLOURS,
  UNIT_STATUS_COLOURS,
  VEHICLE_COLOURS,
  matchColour,
} from './palette.js';

export const LAYER_GROUPS = {
  vehicles: ['vehicles'],
  emergency: ['emergency-halo'],
  incidents: ['incidents', 'incidents-pulse'],
  congestion: ['congestion'],
  air: ['air-quality'],
} as const;
export type LayerGroup = keyof typeof LAYER_GROUPS;

const empty = (): FeatureCollection<Point> => ({ type: 'FeatureCollection', features: [] });
const FRESH_MS = 30_000;

/** Adds the live sources and layers above the base streets. */
export function addLiveLayers(map: CityMapInstance): void {
  map.addImage('arrow', arrowImage(), { sdf: true });
  for (const id of ['vehicles', 'incidents', 'air'])
    map.addSource(id, { type: 'geojson', data: empty(), promoteId: 'id' });
  map.addLayer({
    id: 'congestion',
    type: 'line',
    source: 'streets',
    filter: ['!=', ['get', 'c'], 'service'],
    layout: LINE_ENDS,
    paint: {
      'line-color': matchColour(
        ['feature-state', 'level'],
        CONGESTION_COLOURS,
        'rgba(0,0,0,0)',
      ) as never,
      'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.5, 17, 7],
      'line-opacity': ['case', ['to-boolean', ['feature-state', 'level']], 0.9, 0],
    },
  });
  map.addLayer({
    id: 'air-quality',
    type: 'circle',
    source: 'air',
    paint: {
      'circle-color': matchColour(['get', 'category'], AQI_COLOURS, '#999') as never,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 5, 16, 12],
      'circle-opacity': 0.75,
      'circle-stroke-color': '#333',
      'circle-stroke-width': 1,
    },
  });
  map.addSource('vehicle-track', { type: 'geojson', data: trackLine([]) });
  map.addLayer({
    id: 'vehicle-track',
    type: 'line',
    source: 'vehicle-track',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#e040fb', 'line-width': 4, 'line-opacity': 0.85 },
  });
  map.addLayer({
    id: 'emergency-halo',
    type: 'circle',
    source: 'vehicles',
    filter: ['==', ['get', 'emergency'], true],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 6, 17, 16],
      'circle-color': matchColour(['get', 'type'], VEHICLE_COLOURS, '#fff') as never,
      'circle-opacity': 0.35,
      'circle-stroke-color': matchColour(
        ['get', 'status'],
        UNIT_STATUS_COLOURS,
        '#ff0033',
      ) as never,
      'circle-stroke-width': 3,
    },
  });
  map.addLayer({
    id: 'vehicles',
    type: 'symbol',
    source: 'vehicles',
    layout: {
      'icon-image': 'arrow',
      'icon-rotate': ['get', 'heading'],
      'icon-rotation-alignment': 'map',
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 11, 0.35, 17, 0.9],
    },
    paint: {
      'icon-color': matchColour(['get', 'type'], VEHICLE_COLOURS, '#888') as never,
      'icon-halo-color': '#000',
      'icon-halo-width': ['case', ['get', 'speeding'], 2, 0.6],
    },
  });
  map.addLayer({
    id: 'incidents-pulse',
    type: 'circle',
    source: 'incidents',
    filter: ['==', ['get', 'fresh'], true],
    paint: {
      'circle-radius': 14,
      'circle-color': matchColour(['get', 'severity'], SEVERITY_COLOURS, '#999') as never,
      'circle-opacity': 0.3,
    },
  });
  map.addLayer({
    id: 'incidents',
    type: 'circle',
    source: 'incidents',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 6, 17, 12],
      'circle-color': matchColour(['get', 'severity'], SEVERITY_COLOURS, '#999') as never,
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 2,
    },
  });
}

/** Draws the selected vehicle's track (an empty list clears it). */
export function setVehicleTrack(map: CityMapInstance, points: readonly [number, number][]): void {
  (map.getSource('vehicle-track') as GeoJSONSource | undefined)?.setData(trackLine(points));
}

export function setGroupVisible(map: CityMapInstance, group: LayerGroup, visible: boolean) {
  for (const id of LAYER_GROUPS[group])
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
}

/** Applies a diff: maplibre's updateData; a full setData where a library has no diff API. */
function makeApplier(map: CityMapInstance, sourceId: string, engine: MapEngine) {
  let previous = new Map<string, PointRecord>();
  return (next: Map<string, PointRecord>) => {
    const source = map.getSource(sourceId) as GeoJSONSource | undefined;
    if (!source) return;
    const diff = diffPoints(previous, next);
    if (!isEmptyDiff(diff)) {
      if (engine === 'maplibre' && typeof source.updateData === 'function')
        void source.updateData(diff as GeoJSONSourceDiff);
      else
        source.setData({
          type: 'FeatureCollection',
          features: [...next].map(([id, r]) => toFeature(id, r)),
        });
    }
    previous = next;
  };
}

const incidentRecords = (
  incidents: readonly Incident[],
  firstSeen: Map<string, number>,
  now: number,
) =>
  new Map<string, PointRecord>(
    incidents.filter(isActiveIncident).map((i) => {
      if (!firstSeen.has(i.id)) firstSeen.set(i.id, now);
      const fresh = now - firstSeen.get(i.id)! < FRESH_MS;
      return [
        i.id,
        { lon: i.lon, lat: i.lat, props: { severity: i.severity, status: i.status, fresh } },
      ];
    }),
  );

/** Keeps the live layers in step with the store; returns a function that stops it. */
export function bindLiveLayers(
  map: CityMapInstance,
  store: CityStore,
  engine: MapEngine,
  budget: RenderBudget = createRenderBudget(),
) {
  const applyVehicles = makeApplier(map, 'vehicles', engine);
  const applyIncidents = makeApplier(map, 'incidents', engine);
  const applyAir = makeApplier(map, 'air', engine);
  const firstSeen = new Map<string, number>();
  let levels = new Map<number, string>();

  // mapbox-gl has no diff API: a full setData per update, so no per-frame motion there.
  const stopVehicles =
    engine === 'maplibre'
      ? bindVehicleMotion(map, store, budget)
      : (() => {
          const vehicles = () => applyVehicles(vehicleRecords(store));
          vehicles();
          const stops = [store.subscribe('vehicles', vehicles), store.subscribe('units', vehicles)];
          return () => stops.forEach((s) => s());
        })();
  const incidents = () => applyIncidents(incidentRecords(store.incidents, firstSeen, Date.now()));
  const air = () =>
    applyAir(
      new Map(
        store.air.map((s) => [
          s.id,
          { lon: s.lon, lat: s.lat, props: { category: s.category, aqi: s.aqi } },
        ]),
      ),
    );
  const segments = () => {
    const next = store.segments as Map<number, string>;
    for (const [id] of levels)
      if (!next.has(id)) map.removeFeatureState({ source: 'streets', id }, 'level');
    for (const [id, level] of next)
      if (levels.get(id) !== level) map.setFeatureState({ source: 'streets', id }, { level });
    levels = new Map(next);
  };

  // The pulse repaints the map ten times a second: only while some incident is new, and not
  // where the map renders slowly (the new incidents' ring then stands still at full size).
  let phase = 0;
  let pulseRadius = 0;
  const pulse = setInterval(() => {
    incidents();
    const now = Date.now();
    if (![...firstSeen.values()].some((seen) => now - seen < FRESH_MS)) return;
    const radius = budget.slow(performance.now()) ? 19 : 10 + (phase = (phase + 1) % 20);
    if (map.getLayer('incidents-pulse') && radius !== pulseRadius) {
      pulseRadius = radius;
      map.setPaintProperty('incidents-pulse', 'circle-radius', radius);
    }
  }, 100);
  const stops = [
    stopVehicles,
    store.subscribe('incidents', incidents),
    store.subscribe('air', air),
    store.subscribe('segments', segments),
  ];
  incidents();
  air();
  segments();
  return () => {
    clearInterval(pulse);
    stops.forEach((s) => s());
  };
}
