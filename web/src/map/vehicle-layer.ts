import type { GeoJSONSource, GeoJSONSourceDiff } from 'maplibre-gl';
import { EMERGENCY_KINDS, type CityStore } from '../data/city-store.js';
import { isEmptyDiff, type PointRecord } from './feature-diff.js';
import type { CityMapInstance } from './map-engine.js';
import { createRenderBudget, type RenderBudget } from './render-budget.js';
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

/**
 * Vehicles glide between updates (vehicle-motion.ts): one `updateData` per animation frame with
 * only the vehicles in motion, and never a second one while the worker still applies the first
 * (so a slow machine gets fewer, not queued, frames). When the map renders slowly (no GPU: see
 * render-budget.ts) vehicles jump instead of gliding and the fleet is repainted at most once per
 * `bulkGapMs` (coalesced to the newest positions), which leaves the machine to the operator's
 * input and to urgent layers. Hidden tabs update twice a second.
 */
export function bindVehicleMotion(
  map: CityMapInstance,
  store: CityStore,
  budget: RenderBudget = createRenderBudget(),
): () => void {
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const motion = createVehicleMotion({ interpolate: !reduced });
  let inFlight = false;
  let scheduled = false;
  let stopped = false;
  let appliedAt = -Infinity;
  let pendingApply: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    if (document.hidden) setTimeout(() => frame(performance.now()), 500);
    else requestAnimationFrame(frame);
  };
  const frame = (now: number) => {
    scheduled = false;
    if (stopped) return;
    if (document.hidden) budget.pause();
    else if (budget.frame(now, motion.moving > 0)) motion.finish();
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
  const apply = () => {
    pendingApply = undefined;
    const now = performance.now();
    appliedAt = now;
    motion.setTargets(vehicleRecords(store), now, !reduced && !budget.slow(now));
    schedule();
  };
  const update = () => {
    if (pendingApply !== undefined || stopped) return; // the pending apply reads the newest store
    const wait = appliedAt + budget.bulkGapMs(performance.now()) - performance.now();
    if (wait <= 0) apply();
    else pendingApply = setTimeout(apply, wait);
  };
  const stops = [store.subscribe('vehicles', update), store.subscribe('units', update)];
  update();
  return () => {
    stopped = true;
    clearTimeout(pendingApply);
    stops.forEach((s) => s());
  };
}
