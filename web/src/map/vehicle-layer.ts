import type { GeoJSONSource, GeoJSONSourceDiff } from 'maplibre-gl';
import { EMERGENCY_KINDS, type CityStore } from '../data/city-store.js';
import { isEmptyDiff, type PointRecord } from './feature-diff.js';
import type { CityMapInstance } from './map-engine.js';
import { createVehicleMotion } from './vehicle-motion.js';

export const vehicleRecords = (store: CityStore) =>
  new Map<string, PointRecord>(
    [...store.vehicles.values()].map((v) => [
      v.id,
      {
        lon: v.lon,
        lat: v.lat,
        props: {
          type: v.type,
          heading: Math.round(v.heading),
          speeding: v.speeding,
          emergency: EMERGENCY_KINDS.includes(v.type),
        },
      },
    ]),
  );

/**
 * Vehicles glide between updates (vehicle-motion.ts): one `updateData` per animation frame with
 * only the vehicles in motion, and never a second one while the worker still applies the first
 * (so a slow machine gets fewer, not queued, frames). Hidden tabs update twice a second instead.
 */
export function bindVehicleMotion(map: CityMapInstance, store: CityStore): () => void {
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const motion = createVehicleMotion({ interpolate: !reduced });
  let inFlight = false;
  let scheduled = false;
  let stopped = false;
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    if (document.hidden) setTimeout(frame, 500);
    else requestAnimationFrame(frame);
  };
  const frame = () => {
    scheduled = false;
    if (stopped) return;
    const source = map.getSource('vehicles') as GeoJSONSource | undefined;
    if (!inFlight && source) {
      const diff = motion.frame(performance.now());
      if (!isEmptyDiff(diff)) {
        inFlight = true;
        void source
          .updateData(diff as GeoJSONSourceDiff)
          .catch(() => undefined)
          .finally(() => {
            inFlight = false;
            schedule();
          });
      }
    }
    if (motion.moving > 0) schedule();
  };
  const update = () => {
    motion.setTargets(vehicleRecords(store), performance.now());
    schedule();
  };
  const stop = store.subscribe('vehicles', update);
  update();
  return () => {
    stopped = true;
    stop();
  };
}
