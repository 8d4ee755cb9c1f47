// The console map under load, for `npm run bench:web` (scripts/bench-map.ts drives it): N moving
// vehicles reach the console's own store and layers once per second as a vehiclesMoved batch,
// while the driver sends real input (click, drag-pan, wheel-zoom). The page measures what a
// software-rendered machine can judge: main-thread cost of each update, long tasks, and input
// latency. Parameters: ?vehicles=5000
import { createCityStore, type VehicleKind, type VehiclePoint } from '../data/city-store.js';
import { cityStyle } from '../map/city-style.js';
import { addLiveLayers, bindLiveLayers } from '../map/live-layers.js';
import { createCityMap } from '../map/map-engine.js';
import type { GeoJSONSource } from 'maplibre-gl';
import type { BenchPageResult, InputSample } from './bench-result.js';

declare global {
  interface Window {
    __bench?: {
      status: 'loading' | 'ready' | 'failed';
      error?: string;
      start?(): void;
      finish?(): BenchPageResult;
    };
  }
}

const params = new URLSearchParams(location.search);
const count = Number(params.get('vehicles') ?? 5000);
const KINDS: VehicleKind[] = [
  'CAR',
  'CAR',
  'CAR',
  'TAXI',
  'BUS',
  'DELIVERY_VAN',
  'AMBULANCE',
  'POLICE',
];

async function setup(): Promise<void> {
  window.__bench = { status: 'loading' };
  const streets = (await (await fetch('/city/streets.geojson')).json()) as {
    features: { geometry: { coordinates: number[][] } }[];
  };
  const paths = streets.features.map((f) => f.geometry.coordinates).filter((c) => c.length >= 2);
  const store = createCityStore();
  const container = document.getElementById('map')!;
  const { map, engine } = await createCityMap(container, cityStyle('light', location.origin), null);
  await new Promise<void>((resolve) => map.on('load', () => resolve()));
  addLiveLayers(map);
  bindLiveLayers(map, store, engine);
  window.__cityMap = { map, engine, ready: true };

  const updateDataMs: number[] = [];
  const source = map.getSource('vehicles') as GeoJSONSource;
  const updateData = source.updateData.bind(source);
  source.updateData = (diff, ...rest) => {
    const t0 = performance.now();
    const result = updateData(diff, ...rest);
    updateDataMs.push(performance.now() - t0);
    return result;
  };

  // Each vehicle walks the points of one street polyline back and forth.
  const walkers = Array.from({ length: count }, (_, i) => ({
    path: paths[(i * 7919) % paths.length]!,
    step: i % 5,
    type: KINDS[i % KINDS.length]!,
  }));
  const applyMs: number[] = [];
  const batch = (): VehiclePoint[] =>
    walkers.map((w, i) => {
      w.step++;
      const n = w.path.length;
      const k = w.step % (2 * n - 2 || 1);
      const idx = k < n ? k : 2 * n - 2 - k;
      const p = w.path[idx]!;
      const q = w.path[Math.min(n - 1, idx + 1)]!;
      const heading = (Math.atan2(q[0]! - p[0]!, q[1]! - p[1]!) * 180) / Math.PI;
      return {
        id: `v${i}`,
        type: w.type,
        lon: p[0]!,
        lat: p[1]!,
        heading: (heading + 360) % 360,
        speed: 30,
        speeding: false,
      };
    });
  const tick = () => {
    const moved = batch();
    const t0 = performance.now();
    store.applyVehicles(moved, []);
    applyMs.push(performance.now() - t0);
  };

  // Input latency: from the input's own timestamp (when the browser received it) to the listener,
  // and to the first animation frame after the listener (where the map draws the result).
  const input: InputSample[] = [];
  let measuring = false;
  const record = (kind: InputSample['kind']) => (event: Event) => {
    if (!measuring) return;
    const handlerAt = performance.now();
    const sample = { kind, delayMs: handlerAt - event.timeStamp, frameMs: NaN };
    input.push(sample);
    requestAnimationFrame(() => (sample.frameMs = performance.now() - event.timeStamp));
  };
  let dragging = false;
  container.addEventListener('mousedown', () => (dragging = true), true);
  container.addEventListener('mouseup', () => (dragging = false), true);
  container.addEventListener('click', record('click'), true);
  const pan = record('pan');
  container.addEventListener('mousemove', (e) => dragging && pan(e), true);
  container.addEventListener('wheel', record('zoom'), { capture: true, passive: true });

  const longTasks: number[] = [];
  new PerformanceObserver((list) => {
    if (measuring) for (const e of list.getEntries()) longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });

  let timer: ReturnType<typeof setInterval> | undefined;
  if (count > 0) tick();
  await new Promise((r) => setTimeout(r, 2000)); // warm-up: first upload and tiles
  applyMs.length = 0;
  updateDataMs.length = 0;
  window.__bench = {
    status: 'ready',
    start() {
      measuring = true;
      if (count > 0) timer = setInterval(tick, 1000);
    },
    finish() {
      measuring = false;
      clearInterval(timer);
      return {
        vehicles: count,
        applyMs,
        updateDataMs,
        longTaskMs: longTasks,
        input: input.filter((s) => Number.isFinite(s.frameMs)),
      };
    },
  };
}

setup().catch((error: Error) => (window.__bench = { status: 'failed', error: error.message }));
