import type { GeoJSONSource, GeoJSONSourceDiff } from 'maplibre-gl';
import { EMERGENCY_KINDS, type CityStore } from '../data/city-store.js';
import { isEmptyDiff, type PointRecord } from './feature-diff.js';
import type { CityMapInstance } from './map-engine.js';
import { createVehicleMotion } from './vehicle-motion.js';

/** Map records of the fleet; emergency vehicles carry their unit's status ('' when unknown). */
export const vehicleRecords = (store: CityStore) =>
  new Map<string, PointRecord>(
    [...store.vehicles.values()].map((v) => {
      const emergency = EMERGENCY_KINDS.includes(v.type);
      return [
        v.id,
        {
          lon: v.lon,
          lat: v.lat,
          props: {
            type: v.type,
            heading: Math.round(v.heading),
            speeding: v.speeding,
            emergency,
            status: emergency ? (store.unitStatus.get(v.id) ?? '') : '',
          },
        },
      ];
    }),
  );

/** Frames slower than this make gliding pointless (software rendering): jump instead. */
const SLOW_FRAME_MS = 100;
const SLOW_RETRY_MS = 30_000;

/**
 * Vehicles glide between updates (vehicle-motion.ts): one `updateData` per animation frame with
 * only the vehicles in motion, and never a second one while the worker still applies the first
 * (so a slow machine gets fewer, not queued, frames). When the median of 10 animation frames is
 * over 100 ms (no GPU), the map stops gliding for 30 s so it repaints once per batch instead of
 * continuously. Hidden tabs update twice a second.
 */
export function bindVehicleMotion(map: CityMapInstance, store: CityStore): () => void {
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const motion = createVehicleMotion({ interpolate: !reduced });
  let inFlight = false;
  let scheduled = false;
  let stopped = false;
  let lastFrameAt = 0;
  let intervals: number[] = [];
  let slowUntil = 0;
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    if (document.hidden) setTimeout(() => frame(performance.now()), 500);
    else requestAnimationFrame(frame);
  };
  const measure = (now: number) => {
    if (lastFrameAt > 0 && !document.hidden) intervals.push(now - lastFrameAt);
    lastFrameAt = motion.moving > 0 ? now : 0;
    if (intervals.length < 10) return;
    const median = [...intervals].sort((a, b) => a - b)[5]!;
    intervals = [];
    if (median > SLOW_FRAME_MS) {
      slowUntil = now + SLOW_RETRY_MS;
      motion.finish();
    }
  };
  const frame = (now: number) => {
    scheduled = false;
    if (stopped) return;
    measure(now);
    const source = map.getSource('vehicles') as GeoJSONSource | undefined;
    if (!inFlight && source) {
      const diff = motion.frame(now);
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
    const now = performance.now();
    motion.setTargets(vehicleRecords(store), now, !reduced && now >= slowUntil);
    schedule();
  };
  const stops = [store.subscribe('vehicles', update), store.subscribe('units', update)];
  update();
  return () => {
    stopped = true;
    stops.forEach((s) => s());
  };
}
