import { useEffect, useRef } from 'react';
import type { CityStore } from '../data/city-store.js';
import { applyCityTheme, cityStyle, type Theme } from './city-style.js';
import {
  addLiveLayers,
  bindLiveLayers,
  setGroupVisible,
  setVehicleTrack,
  type LayerGroup,
} from './live-layers.js';
import { createCityMap, type CityMapInstance, type MapEngine } from './map-engine.js';
import { createRenderBudget, type RenderBudget } from './render-budget.js';
import { isSoftwareRenderer, rendererName } from './software-renderer.js';

export type MapSelection =
  | { kind: 'vehicle'; id: string }
  | { kind: 'segment'; id: string }
  | { kind: 'incident'; id: string };

declare global {
  interface Window {
    /** For tests and the benchmark: the map, its engine and whether its style has loaded. */
    __cityMap?: {
      map: CityMapInstance;
      engine: MapEngine;
      ready: boolean;
      /** How fast this machine renders the map (tests and diagnostics read it). */
      budget?: RenderBudget;
      /** The WebGL renderer's name (a software one starts the budget slow). */
      renderer?: string | null;
    };
  }
}

interface Props {
  store: CityStore;
  theme: Theme;
  mapboxToken: string | null;
  visible: Record<LayerGroup, boolean>;
  focus: [number, number] | null;
  /** The selected vehicle's track, drawn as a line (empty: none). */
  track: readonly [number, number][];
  onSelect(selection: MapSelection): void;
}

export function CityMap(props: Props) {
  const { store, theme, mapboxToken, visible, focus, track, onSelect } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<CityMapInstance | null>(null);
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;
  const visibleRef = useRef(visible);
  visibleRef.current = visible;
  const trackRef = useRef(track);
  trackRef.current = track;
  const themeRef = useRef(theme);
  themeRef.current = theme;

  useEffect(() => {
    let disposed = false;
    let unbind = () => {};
    let instance: CityMapInstance | null = null;
    void createCityMap(
      container.current!,
      cityStyle(themeRef.current, window.location.origin),
      mapboxToken,
    ).then(({ map, engine }) => {
      if (disposed) return map.remove();
      instance = map;
      mapRef.current = map;
      window.__cityMap = { map, engine, ready: false };
      map.on('load', () => {
        // The theme may have changed while the style loaded.
        applyCityTheme(map, themeRef.current, window.location.origin);
        addLiveLayers(map);
        for (const [group, on] of Object.entries(visibleRef.current))
          setGroupVisible(map, group as LayerGroup, on);
        setVehicleTrack(map, trackRef.current);
        const renderer = rendererName(map.getCanvas());
        const budget = createRenderBudget({
          software: isSoftwareRenderer(renderer),
          now: performance.now(),
        });
        unbind = bindLiveLayers(map, store, engine, budget);
        window.__cityMap = { map, engine, ready: true, budget, renderer };
      });
      map.on('click', (event) => {
        const hits = map.queryRenderedFeatures(event.point, {
          layers: ['incidents', 'vehicles', 'congestion', 'streets'].filter((l) => map.getLayer(l)),
        });
        const hit = hits[0];
        if (!hit || hit.id === undefined) return;
        const layer = hit.layer.id;
        const id = String(hit.id);
        if (layer === 'incidents') selectRef.current({ kind: 'incident', id });
        else if (layer === 'vehicles') selectRef.current({ kind: 'vehicle', id });
        else selectRef.current({ kind: 'segment', id });
      });
      for (const layer of ['incidents', 'vehicles', 'streets']) {
        map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
      }
    });
    return () => {
      disposed = true;
      unbind();
      instance?.remove();
      mapRef.current = null;
    };
  }, [store, mapboxToken]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !window.__cityMap?.ready) return;
    applyCityTheme(map, theme, window.location.origin);
  }, [theme]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !window.__cityMap?.ready) return;
    for (const [group, on] of Object.entries(visible))
      setGroupVisible(map, group as LayerGroup, on);
  }, [visible]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && window.__cityMap?.ready) setVehicleTrack(map, track);
  }, [track]);

  useEffect(() => {
    if (focus) mapRef.current?.flyTo({ center: focus, zoom: 16 });
  }, [focus]);

  return (
    <div
      ref={container}
      className="map"
      role="region"
      aria-label="City map: vehicles, incidents, congestion and air quality"
      data-testid="city-map"
    />
  );
}
