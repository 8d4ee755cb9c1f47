// Map frame time with N moving vehicles updated every second, through the console's own layers
// and store (the same diff path as live data). Parameters: ?vehicles=5000&seconds=30&engine=maplibre
import { createCityStore, type VehicleKind, type VehiclePoint } from '../data/city-store.js';
import { cityStyle } from '../map/city-style.js';
import { addLiveLayers, bindLiveLayers } from '../map/live-layers.js';
import { createCityMap } from '../map/map-engine.js';
import { frameStats, type FrameStats } from './frame-stats.js';

declare global {
  interface Window {
    __bench?: { status: 'running' | 'done' | 'failed'; result?: unknown; error?: string };
  }
}

const params = new URLSearchParams(location.search);
const count = Number(params.get('vehicles') ?? 5000);
const seconds = Number(params.get('seconds') ?? 30);
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

async function run(): Promise<{ stats: FrameStats; updateMs: { p50: number; max: number } }> {
  window.__bench = { status: 'running' };
  const streets = (await (await fetch('/city/streets.geojson')).json()) as {
    features: { geometry: { coordinates: number[][] } }[];
  };
  const paths = streets.features.map((f) => f.geometry.coordinates).filter((c) => c.length >= 2);
  const store = createCityStore();
  const { map, engine } = await createCityMap(
    document.getElementById('map')!,
    cityStyle('light', location.origin),
    null,
  );
  await new Promise<void>((resolve) => map.on('load', () => resolve()));
  addLiveLayers(map);
  bindLiveLayers(map, store, engine);

  // Each vehicle walks the points of one street polyline back and forth.
  const walkers = Array.from({ length: count }, (_, i) => ({
    path: paths[(i * 7919) % paths.length]!,
    step: i % 5,
    type: KINDS[i % KINDS.length]!,
  }));
  const updateTimes: number[] = [];
  const tick = () => {
    const t0 = performance.now();
    const list: VehiclePoint[] = walkers.map((w, i) => {
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
    store.setVehicles(list);
    updateTimes.push(performance.now() - t0);
  };
  tick();
  await new Promise((r) => setTimeout(r, 2000)); // warm-up: first upload and tiles
  const timer = setInterval(tick, 1000);
  const intervals: number[] = [];
  const start = performance.now();
  let last = start;
  await new Promise<void>((resolve) => {
    const frame = (now: number) => {
      intervals.push(now - last);
      last = now;
      // Keep the map repainting continuously, as an operator panning would.
      map.triggerRepaint();
      if (now - start < seconds * 1000) requestAnimationFrame(frame);
      else resolve();
    };
    requestAnimationFrame(frame);
  });
  clearInterval(timer);
  const sorted = [...updateTimes].sort((a, b) => a - b);
  return {
    stats: frameStats(intervals.slice(1), performance.now() - start),
    updateMs: {
      p50: sorted[Math.floor(sorted.length / 2)] ?? 0,
      max: sorted[sorted.length - 1] ?? 0,
    },
  };
}

run().then(
  (result) =>
    (window.__bench = { status: 'done', result: { vehicles: count, seconds, ...result } }),
  (error: Error) => (window.__bench = { status: 'failed', error: error.message }),
);
